import { defineAction } from '../../actions/types.ts';
import { ValidationError } from '../../errors.ts';
import { operator } from '../../auth/rules.ts';
import { weekday } from '../days.ts';
import { weekendOf } from '../portal.ts';
import { afterCalendarChange, dayParam, holidayDict } from '../common.ts';

export default defineAction({
  name: 'holiday_create',
  tag: 'calendar',
  description: `Mark a day in the working-day calendar (operators and sysadmins).

:param date: the day, YYYY-MM-DD
:param kind: "holiday" (a day off: a public holiday or a day off moved onto a weekday) or "working"
  (a weekend day made a working day)
:param name: what the day is, e.g. "Navro'z" (optional)
:rtype: {date, kind, name, source, created}

A day already in the calendar is replaced. Deadlines that fall on a day off move to the next working
day, and notices counted in working days skip it.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      date: { type: 'string' },
      kind: { type: 'string', enum: ['holiday', 'working'] },
      name: { type: 'string', maxLength: 200 },
    },
    required: ['date', 'kind'],
  },
  auth: operator,
  async handler(ctx, input) {
    const day = dayParam(input.date);
    if (input.kind === 'working' && !weekendOf(ctx.config.calendar).includes(weekday(day))) {
      throw new ValidationError({ kind: [`${day} is not a weekend day: it is a working day already`] });
    }
    const values = {
      day,
      kind: input.kind,
      name: input.name?.trim() ?? '',
      source: 'operator',
      created_by: ctx.user?.id ?? null,
    };
    const row = await ctx.db
      .insertInto('holiday')
      .values(values)
      .onConflict((oc) =>
        oc
          .column('day')
          .doUpdateSet({ kind: values.kind, name: values.name, source: 'operator', created_by: values.created_by }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    afterCalendarChange(ctx);
    return holidayDict(row);
  },
});
