// A full rebuild of the search documents without a moment of an empty or half-filled index: documents
// are written into a build table (indexes created after the bulk load, far cheaper than maintaining GIN
// indexes row by row), the facet counts computed from it, then both are swapped in by one short
// transaction.
import { sql } from 'kysely';
import type { DB } from '../../db/connect.ts';
import type { SearchDoc } from '../document.ts';
import { staleHashTriggerSql, writeDocs } from './pg-write.ts';
import { COUNT_TABLE, countTableSql, countTriggersSql, fillCountsSql } from './pg-counts.ts';

const BUILD_TABLE = 'search_doc_build';
const COUNT_BUILD_TABLE = `${COUNT_TABLE}_build`;

export async function rebuildDocs(
  db: DB,
  docTable: string,
  languages: string[],
  fill: (sink: (docs: SearchDoc[]) => Promise<void>) => Promise<void>,
  beforeSwap?: () => Promise<void>,
): Promise<void> {
  await sql`DROP TABLE IF EXISTS ${sql.raw(BUILD_TABLE)}`.execute(db);
  // The live table's storage parameters too (toast_tuple_target: what stays in the row).
  const opts =
    (
      await sql<{
        o: string[] | null;
      }>`SELECT reloptions AS o FROM pg_class WHERE oid = ${docTable}::regclass`.execute(db)
    ).rows[0]?.o ?? [];
  const withOpts = opts.length ? sql` WITH (${sql.raw(opts.join(', '))})` : sql``;
  await sql`CREATE TABLE ${sql.raw(BUILD_TABLE)} (LIKE ${sql.raw(docTable)} INCLUDING DEFAULTS INCLUDING STORAGE)${withOpts}`.execute(
    db,
  );
  // Indexes are built after the bulk load: far cheaper than maintaining GIN indexes row by row.
  await fill((docs) => writeDocs(db, BUILD_TABLE, docs, languages, false));
  await sql`ALTER TABLE ${sql.raw(BUILD_TABLE)} ADD CONSTRAINT ${sql.raw(`${BUILD_TABLE}_pkey`)} PRIMARY KEY (id)`.execute(
    db,
  );
  const indexes = (
    await sql<{
      indexname: string;
      indexdef: string;
    }>`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ${docTable} AND schemaname = current_schema() AND indexname <> ${`${docTable}_pkey`}`.execute(
      db,
    )
  ).rows;
  await Promise.all(
    indexes.map((ix) => {
      const def = ix.indexdef
        .replace(/^CREATE (UNIQUE )?INDEX \S+ ON /, (_m, u) => `CREATE ${u ?? ''}INDEX ${ix.indexname}_build ON `)
        .replace(new RegExp(` ON (\\S+\\.)?${docTable} `), ` ON ${BUILD_TABLE} `);
      return sql.raw(def).execute(db);
    }),
  );
  // VACUUM rather than ANALYZE alone: it also marks the pages all-visible, which index-only scans
  // (deep pages) need, and sets the hint bits the first searches would otherwise write.
  await sql`VACUUM (ANALYZE) ${sql.raw(BUILD_TABLE)}`.execute(db);
  await sql`DROP TABLE IF EXISTS ${sql.raw(COUNT_BUILD_TABLE)}`.execute(db);
  await countTableSql(COUNT_BUILD_TABLE).execute(db);
  await fillCountsSql(BUILD_TABLE, COUNT_BUILD_TABLE).execute(db);
  if (beforeSwap) await beforeSwap();
  // The swap: one short transaction; readers wait for it at most a moment and never see an empty index.
  await db.transaction().execute(async (tx) => {
    await sql`LOCK TABLE ${sql.raw(docTable)} IN ACCESS EXCLUSIVE MODE`.execute(tx);
    await sql`DROP TABLE ${sql.raw(docTable)}`.execute(tx);
    await sql`ALTER TABLE ${sql.raw(BUILD_TABLE)} RENAME TO ${sql.raw(docTable)}`.execute(tx);
    await sql`ALTER INDEX ${sql.raw(`${BUILD_TABLE}_pkey`)} RENAME TO ${sql.raw(`${docTable}_pkey`)}`.execute(tx);
    for (const ix of indexes)
      await sql`ALTER INDEX ${sql.raw(`${ix.indexname}_build`)} RENAME TO ${sql.raw(ix.indexname)}`.execute(tx);
    // The counts belong to the table they were computed from; the triggers follow the new table.
    await sql`LOCK TABLE ${sql.raw(COUNT_TABLE)} IN ACCESS EXCLUSIVE MODE`.execute(tx);
    await sql`DROP TABLE ${sql.raw(COUNT_TABLE)}`.execute(tx);
    await sql`ALTER TABLE ${sql.raw(COUNT_BUILD_TABLE)} RENAME TO ${sql.raw(COUNT_TABLE)}`.execute(tx);
    await sql`ALTER INDEX ${sql.raw(`${COUNT_BUILD_TABLE}_pkey`)} RENAME TO ${sql.raw(`${COUNT_TABLE}_pkey`)}`.execute(
      tx,
    );
    for (const t of countTriggersSql(docTable, COUNT_TABLE)) await t.execute(tx);
    await staleHashTriggerSql(docTable).execute(tx);
  });
}
