// Search performance: exact facet counts for match-all searches, per visibility class, kept by triggers
// in the same statement as every write to search_doc (see src/search/engines/pg-counts.ts).
import type { Kysely } from 'kysely';
import {
  COUNT_TABLE,
  countTableSql,
  countTriggerFunctionSql,
  countTriggersSql,
  fillCountsSql,
} from '../src/search/engines/pg-counts.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await countTableSql(COUNT_TABLE).execute(db);
  await countTriggerFunctionSql.execute(db);
  for (const s of countTriggersSql('search_doc', COUNT_TABLE)) await s.execute(db);
  await fillCountsSql('search_doc', COUNT_TABLE).execute(db);
}
