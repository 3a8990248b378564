import { defineAction } from '../../actions/types.ts';
import { searchLogRead } from '../../auth/rules-search.ts';
import { ValidationError } from '../../errors.ts';
import { parseIso } from '../../packages/time.ts';
import { containsPattern } from '../../db/like.ts';

export function period(input: { since?: string; until?: string }): { since: string | null; until: string | null } {
  const errors: Record<string, string[]> = {};
  const since = input.since ? parseIso(input.since) : null;
  const until = input.until ? parseIso(input.until) : null;
  if (input.since && !since) errors.since = ['Date format incorrect'];
  if (input.until && !until) errors.until = ['Date format incorrect'];
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { since, until };
}

export default defineAction({
  name: 'search_log_list',
  tag: 'search',
  description: `Return logged searches (the text typed into package_search), newest first.

:param since, until: ISO timestamps bounding the period (UTC)
:param q: only searches whose text contains this
:param zero_results: only searches that found nothing
:param limit: default 100, at most 1000; offset: where to start
:rtype: {count, results: [{id, created, q, filters, lang, result_count, duration_ms}]}

No personal data is logged: not the user, not the address. Operators and sysadmins only.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      since: { type: 'string' },
      until: { type: 'string' },
      q: { type: 'string' },
      zero_results: { type: 'boolean' },
      limit: { type: 'integer', minimum: 0, maximum: 1000 },
      offset: { type: 'integer', minimum: 0 },
    },
  },
  auth: searchLogRead,
  async handler(
    ctx,
    input: { since?: string; until?: string; q?: string; zero_results?: boolean; limit?: number; offset?: number },
  ) {
    const { since, until } = period(input);
    let q = ctx.db.selectFrom('search_log');
    if (since) q = q.where('created', '>=', since);
    if (until) q = q.where('created', '<', until);
    if (input.q) q = q.where('q_norm', 'like', containsPattern(input.q.trim().toLowerCase()));
    if (input.zero_results) q = q.where('result_count', '=', 0);
    const [rows, total] = await Promise.all([
      q
        .select(['id', 'created', 'q', 'filters', 'lang', 'result_count', 'duration_ms'])
        .orderBy('id', 'desc')
        .limit(input.limit ?? 100)
        .offset(input.offset ?? 0)
        .execute(),
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    ]);
    return { count: Number(total?.n ?? 0), results: rows };
  },
});
