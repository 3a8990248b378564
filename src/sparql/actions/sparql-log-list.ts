import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';

export default defineAction({
  name: 'sparql_log_list',
  tag: 'sparql',
  description: `Return the most recent SPARQL queries with their scope, status, duration and result size.

:param limit: how many (default 100, at most 1000)
:param offset: where to start
:param errors_only: only failed queries
:rtype: list of dictionaries

Operators and sysadmins only.`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: {
      limit: { type: 'integer', minimum: 0, maximum: 1000 },
      offset: { type: 'integer', minimum: 0 },
      errors_only: { type: 'boolean' },
    },
  },
  auth: operator,
  async handler(ctx, input) {
    let q = ctx.db
      .selectFrom('sparql_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(input.limit ?? 100)
      .offset(input.offset ?? 0);
    if (input.errors_only) q = q.where('status', '>=', 400);
    return q.execute();
  },
});
