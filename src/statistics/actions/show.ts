import { defineAction } from '../../actions/types.ts';
import { ValidationError } from '../../errors.ts';
import { operator } from '../../auth/rules.ts';
import { isLocalDay } from '../../calendar/days.ts';
import { SECTIONS } from '../sections.ts';

export default defineAction({
  name: 'statistics_show',
  tag: 'statistics',
  description: `The portal's statistics (operators and sysadmins): the most viewed and most downloaded
datasets (total and last 14 days), downloads by purpose and by channel (resource files, DataStore
dumps, catalogue export), survey results, comments by status, and the sections other subsystems add.
Private and deactivated datasets are included (marked) since only operators read this.

:param sections: names of the sections to compute (default: all): ${SECTIONS.map((s) => s.name).join(', ')}
:param limit: length of the top lists (default 10, at most 100)
:param from: first day of the downloads by purpose, YYYY-MM-DD (optional)
:param to: last day of the downloads by purpose, YYYY-MM-DD (optional)
:rtype: {section name: section}`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      sections: { type: ['array', 'string'], items: { type: 'string' } },
      limit: { type: 'integer', minimum: 1, maximum: 100 },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  },
  auth: operator,
  async handler(ctx, input) {
    const wanted =
      typeof input.sections === 'string'
        ? input.sections
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : input.sections;
    const unknown = (wanted ?? []).filter((n) => !SECTIONS.some((s) => s.name === n));
    if (unknown.length) throw new ValidationError({ sections: [`Unknown section(s): ${unknown.join(', ')}`] });
    for (const k of ['from', 'to'] as const)
      if (input[k] !== undefined && !isLocalDay(input[k])) throw new ValidationError({ [k]: ['A day, YYYY-MM-DD'] });
    const opts = { limit: input.limit ?? 10, from: input.from ?? null, to: input.to ?? null };
    const out: Record<string, unknown> = {};
    for (const s of SECTIONS) if (!wanted || wanted.includes(s.name)) out[s.name] = await s.compute(ctx, opts);
    return out;
  },
});
