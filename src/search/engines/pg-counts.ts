// Exact facet counts for the unfiltered case (migrations/0006_search_perf.ts): search_facet_count holds,
// for each (facet, value) and each combination of the columns that decide visibility (state, private,
// owner_label), how many documents carry it; facet '' with value '' counts the documents themselves.
// Statement-level triggers with transition tables keep it in step within every statement that writes
// search_doc. Rows may fall to n = 0 and stay; readers skip them.
import { sql } from 'kysely';

export const COUNT_TABLE = 'search_facet_count';
/** Facets answered from the counts table (scalar ones by column, the rest are arrays). */
export const COUNTED_FACETS = new Set(['organization', 'license_id', 'tags', 'groups', 'res_format']);

const LATERAL = `CROSS JOIN LATERAL (
        SELECT '' AS facet, '' AS v
        UNION ALL SELECT 'organization', r.organization WHERE r.organization IS NOT NULL
        UNION ALL SELECT 'license_id', r.license_id WHERE r.license_id IS NOT NULL
        UNION ALL SELECT 'tags', t FROM unnest(r.tags) t WHERE t IS NOT NULL
        UNION ALL SELECT 'groups', g FROM unnest(r.groups) g WHERE g IS NOT NULL
        UNION ALL SELECT 'res_format', f FROM unnest(r.res_format) f WHERE f IS NOT NULL
      ) x`;

export const countTableSql = (name: string) =>
  sql.raw(`CREATE TABLE ${name} (
    facet text NOT NULL,
    v text NOT NULL,
    state text NOT NULL,
    private boolean NOT NULL,
    owner_label text NOT NULL,
    n integer NOT NULL,
    PRIMARY KEY (facet, v, state, private, owner_label)
  )`);

// One function for the three events; the counts table is the trigger's argument, so that reindex's
// build table can feed its own. The live table's statements are static SQL: PL/pgSQL plans them once
// per session, where EXECUTE format(...) parsed and planned the statement on every write (the
// trigger's share of a single-client package_update, measured with bench/write-sync.ts).
const upsertCounts = (
  table: string,
  src: string,
) => `INSERT INTO ${table} AS c (facet, v, state, private, owner_label, n)
    SELECT x.facet, x.v, r.state, r.private, r.owner_label, sum(r.s)::int FROM (${src}) r
    ${LATERAL}
    GROUP BY 1, 2, 3, 4, 5 HAVING sum(r.s) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (facet, v, state, private, owner_label) DO UPDATE SET n = c.n + excluded.n`;
const NEW_ROWS = 'SELECT 1 AS s, * FROM search_doc_new';
const OLD_ROWS = 'SELECT -1 AS s, * FROM search_doc_old';

export const countTriggerFunctionSql =
  sql.raw(`CREATE OR REPLACE FUNCTION search_doc_count_trigger() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  src text;
BEGIN
  IF TG_ARGV[0] = '${COUNT_TABLE}' THEN
    IF TG_OP = 'INSERT' THEN
      ${upsertCounts(COUNT_TABLE, NEW_ROWS)};
    ELSIF TG_OP = 'DELETE' THEN
      ${upsertCounts(COUNT_TABLE, OLD_ROWS)};
    ELSE
      ${upsertCounts(COUNT_TABLE, `${NEW_ROWS} UNION ALL ${OLD_ROWS}`)};
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    src := '${NEW_ROWS}';
  ELSIF TG_OP = 'DELETE' THEN
    src := '${OLD_ROWS}';
  ELSE
    src := '${NEW_ROWS} UNION ALL ${OLD_ROWS}';
  END IF;
  EXECUTE format($q$${upsertCounts('%I', '%s')}$q$, TG_ARGV[0], src);
  RETURN NULL;
END
$fn$`);

/** The triggers that keep `counts` in step with `docs`. */
export function countTriggersSql(docs: string, counts: string) {
  const arg = `'${counts.replace(/'/g, "''")}'`;
  return [
    sql.raw(
      `CREATE TRIGGER ${docs}_count_ins AFTER INSERT ON ${docs} REFERENCING NEW TABLE AS search_doc_new FOR EACH STATEMENT EXECUTE FUNCTION search_doc_count_trigger(${arg})`,
    ),
    sql.raw(
      `CREATE TRIGGER ${docs}_count_upd AFTER UPDATE ON ${docs} REFERENCING OLD TABLE AS search_doc_old NEW TABLE AS search_doc_new FOR EACH STATEMENT EXECUTE FUNCTION search_doc_count_trigger(${arg})`,
    ),
    sql.raw(
      `CREATE TRIGGER ${docs}_count_del AFTER DELETE ON ${docs} REFERENCING OLD TABLE AS search_doc_old FOR EACH STATEMENT EXECUTE FUNCTION search_doc_count_trigger(${arg})`,
    ),
  ];
}

/** Fills the (empty) `counts` from `docs`. */
export const fillCountsSql = (docs: string, counts: string) =>
  sql.raw(`INSERT INTO ${counts} (facet, v, state, private, owner_label, n)
    SELECT x.facet, x.v, r.state, r.private, r.owner_label, count(*)::int FROM ${docs} r
    ${LATERAL}
    GROUP BY 1, 2, 3, 4, 5`);
