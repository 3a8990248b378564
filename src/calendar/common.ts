// Shared by the holiday_* actions: the dict of a calendar day and the after-commit refresh of what
// depends on the calendar (the calendar cache and the package dicts whose deadlines it moves).
import type { ActionContext } from '../actions/types.ts';
import { ValidationError } from '../errors.ts';
import { isLocalDay, type LocalDay } from './days.ts';
import { invalidateCalendar } from './portal.ts';

export interface HolidayRow {
  day: string;
  kind: string;
  name: string;
  source: string;
  created_by: string | null;
  created: string;
}

export function holidayDict(r: HolidayRow) {
  return {
    date: r.day,
    kind: r.kind,
    name: r.name,
    source: r.source.startsWith('seed') ? 'seed' : 'operator',
    created: r.created,
  };
}

export function dayParam(value: unknown, field = 'date'): LocalDay {
  if (!isLocalDay(value)) throw ValidationError.field(field, 'Must be a date YYYY-MM-DD');
  return value;
}

export function afterCalendarChange(ctx: ActionContext): void {
  ctx.afterCommit(() => {
    invalidateCalendar(ctx.config);
    // Deadlines that fell on a changed day move: cached dicts are rebuilt on their next read.
    ctx.services.packageCache.clear();
  });
}
