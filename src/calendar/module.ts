// Seeds the working-day calendar of the configured country (PASPORT_CALENDAR) at start-up: each year
// of src/calendar/holidays.json once, so operators' later edits stand.
import type { PasportModule } from '../modules/types.ts';
import { seedCalendar } from './portal.ts';

const calendarModule: PasportModule = {
  name: 'calendar',
  async start({ services }) {
    if (services.config.calendar) await seedCalendar(services.db, services.config.calendar);
  },
};

export default calendarModule;
