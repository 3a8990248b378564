// Hot paths (issue 21 and leftovers of 11 and 17):
// - the facet-count trigger of search_doc runs static SQL for the live counts table (pg-counts.ts);
// - content lists sorted by title read an index per portal language (the default languages; a
//   portal with others sorts without one), as the published and position orders already did.
import type { Kysely } from 'kysely';
import { countTriggerFunctionSql } from '../src/search/engines/pg-counts.ts';
import { TITLE_SORT_LANGUAGES, titleSortIndexSql } from '../src/content/title-sort.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await countTriggerFunctionSql.execute(db);
  for (const lang of TITLE_SORT_LANGUAGES) await titleSortIndexSql(lang).execute(db);
}
