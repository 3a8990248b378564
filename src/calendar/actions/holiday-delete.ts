import { defineAction } from '../../actions/types.ts';
import { NotFound } from '../../errors.ts';
import { operator } from '../../auth/rules.ts';
import { afterCalendarChange, dayParam } from '../common.ts';

export default defineAction({
  name: 'holiday_delete',
  tag: 'calendar',
  description: `Remove a day from the working-day calendar (operators and sysadmins): it becomes an ordinary
day again (a working day unless it is a weekend day). A seeded day that is deleted stays deleted.

:param date: the day, YYYY-MM-DD
:rtype: null`,
  sideEffectFree: false,
  input: { type: 'object', properties: { date: { type: 'string' } }, required: ['date'] },
  auth: operator,
  async handler(ctx, input) {
    const day = dayParam(input.date);
    const res = await ctx.db.deleteFrom('holiday').where('day', '=', day).executeTakeFirst();
    if (!Number(res.numDeletedRows)) throw new NotFound('Holiday was not found.');
    afterCalendarChange(ctx);
    return null;
  },
});
