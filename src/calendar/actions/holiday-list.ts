import { defineAction } from '../../actions/types.ts';
import { ValidationError } from '../../errors.ts';
import { anyone } from '../../auth/rules.ts';
import { portalToday, weekendOf } from '../portal.ts';
import { dayParam, holidayDict } from '../common.ts';

export default defineAction({
  name: 'holiday_list',
  tag: 'calendar',
  description: `The working-day calendar's exceptions: public holidays, moved days off and moved working days.

:param from: first day, YYYY-MM-DD (default: 1 January of the current year)
:param to: last day, YYYY-MM-DD (default: 31 December of the year of from)
:rtype: {timezone, calendar, weekend: [weekday numbers, 0 = Sunday], days: [{date, kind, name, source, created}]}

Every day not listed is a working day unless its weekday is in weekend.`,
  sideEffectFree: true,
  input: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } },
  auth: anyone,
  async handler(ctx, input) {
    const from = input.from ? dayParam(input.from, 'from') : `${portalToday(ctx.config).slice(0, 4)}-01-01`;
    const to = input.to ? dayParam(input.to, 'to') : `${from.slice(0, 4)}-12-31`;
    if (to < from) throw new ValidationError({ to: ['Must not be before from'] });
    const rows = await ctx.db
      .selectFrom('holiday')
      .selectAll()
      .where('day', '>=', from)
      .where('day', '<=', to)
      .orderBy('day')
      .execute();
    return {
      timezone: ctx.config.timezone,
      calendar: ctx.config.calendar,
      weekend: weekendOf(ctx.config.calendar),
      days: rows.map(holidayDict),
    };
  },
});
