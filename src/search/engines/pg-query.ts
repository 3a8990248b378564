// Translates the engine-neutral AST into SQL over the search_doc table. Every leaf is null-safe
// (coalesce(..., false)) so `-field:x` keeps datasets that lack the field, as Solr does.
import { sql, type RawBuilder } from 'kysely';
import type { Node } from '../query/ast.ts';
import type { ResolvedField } from '../fields.ts';
import type { SortKey, Visibility } from '../engine.ts';
import { UUID } from '../../packages/names.ts';
import { escapeLike as likeEscape } from '../../db/like.ts';

type Sql = RawBuilder<unknown>;

export interface PgQueryContext {
  /** Text-search configurations to OR for each free-text term. */
  configs: string[];
  today: string;
}

const TRUE = sql`true`;
const FALSE = sql`false`;

const SCALAR: Record<string, string> = {
  name: 'name',
  title_string: 'title_string',
  organization: 'organization',
  license_id: 'license_id',
  state: 'state',
  dataset_type: 'dataset_type',
  author: 'author',
  maintainer: 'maintainer',
  passport_code: 'passport_code',
  sphere: 'sphere',
  priority: 'priority',
  relevance: 'relevance',
  provision: 'provision',
  update_frequency: 'update_frequency',
};
const UUIDS: Record<string, string> = { id: 'id', owner_org: 'owner_org', creator_user_id: 'creator_user_id' };
const ARRAYS: Record<string, string> = { tags: 'tags', groups: 'groups', res_format: 'res_format' };
const DATES: Record<string, string> = { metadata_created: 'metadata_created', metadata_modified: 'metadata_modified' };
const TEXT_COLUMNS: Record<string, string> = {
  title: 'title_text',
  notes: 'notes_text',
  res_name: 'res_text',
  res_description: 'res_text',
};

const col = (c: string) => sql.raw(`d.${c}`);

export function tsQuery(value: string, phrase: boolean, configs: string[]): Sql {
  const fn = sql.raw(phrase ? 'phraseto_tsquery' : 'plainto_tsquery');
  return sql`(${sql.join(
    configs.map((c) => sql`${fn}(${sql.lit(c)}::regconfig, ${value})`),
    sql` || `,
  )})`;
}

/** The SQL value of a facet/filter field (for scalar fields), or null when the field is multi-valued. */
export function scalarExpr(f: ResolvedField, today: string): Sql | null {
  if (f.extraKey) return sql`(d.extras ->> ${f.extraKey})`;
  if (SCALAR[f.name]) return col(SCALAR[f.name]);
  if (UUIDS[f.name]) return sql`${col(UUIDS[f.name])}::text`;
  switch (f.name) {
    case 'capacity':
      return sql`(CASE WHEN d.private THEN 'private' ELSE 'public' END)`;
    case 'private':
      return sql`d.private::text`;
    case 'ai_ready':
      return sql`d.ai_ready::text`;
    case 'overdue':
      return sql`(coalesce(d.next_update_due < ${today}::date, false))::text`;
    default:
      return null;
  }
}

// `pos`: the leaf stands under no NOT, where a NULL rejects the row just as false does, so the bare
// comparison (which an index can answer) replaces the null-safe one.
const nullSafe = (e: Sql, pos: boolean) => (pos ? e : sql`coalesce(${e}, false)`);

function term(f: ResolvedField, value: string, prefix: boolean, ctx: PgQueryContext, pos: boolean): Sql {
  if (f.name === 'site_id') return TRUE;
  if (ARRAYS[f.name]) {
    const c = col(ARRAYS[f.name]);
    return prefix
      ? sql`EXISTS (SELECT 1 FROM unnest(${c}) x WHERE x LIKE ${likeEscape(value) + '%'})`
      : sql`${c} @> ARRAY[${value}]::text[]`;
  }
  if (UUIDS[f.name] && !prefix)
    return UUID.test(value) ? nullSafe(sql`${col(UUIDS[f.name])} = ${value.toLowerCase()}::uuid`, pos) : FALSE;
  const e = scalarExpr(f, ctx.today);
  if (!e) return FALSE;
  return prefix ? nullSafe(sql`${e} LIKE ${likeEscape(value) + '%'}`, pos) : nullSafe(sql`${e} = ${value}`, pos);
}

function range(n: Extract<Node, { type: 'range' }>, ctx: PgQueryContext): Sql {
  const f = n.field;
  const conds: Sql[] = [];
  if (DATES[f.name]) {
    const c = col(DATES[f.name]);
    if (n.lo !== null) conds.push(n.loIncl ? sql`${c} >= ${n.lo}::timestamp` : sql`${c} > ${n.lo}::timestamp`);
    if (n.hi !== null) conds.push(n.hiIncl ? sql`${c} <= ${n.hi}::timestamp` : sql`${c} < ${n.hi}::timestamp`);
    return conds.length ? sql`(${sql.join(conds, sql` AND `)})` : TRUE;
  }
  const bounds = (v: Sql) => {
    const out: Sql[] = [];
    if (n.lo !== null) out.push(n.loIncl ? sql`${v} >= ${n.lo}` : sql`${v} > ${n.lo}`);
    if (n.hi !== null) out.push(n.hiIncl ? sql`${v} <= ${n.hi}` : sql`${v} < ${n.hi}`);
    return out.length ? sql.join(out, sql` AND `) : TRUE;
  };
  if (ARRAYS[f.name]) return sql`EXISTS (SELECT 1 FROM unnest(${col(ARRAYS[f.name])}) x WHERE ${bounds(sql`x`)})`;
  const e = scalarExpr(f, ctx.today);
  return e ? sql`coalesce(${bounds(e)}, false)` : FALSE;
}

function exists(f: ResolvedField, ctx: PgQueryContext): Sql {
  if (ARRAYS[f.name]) return sql`cardinality(${col(ARRAYS[f.name])}) > 0`;
  if (f.extraKey) return sql`d.extras ? ${f.extraKey}`;
  if (DATES[f.name]) return TRUE;
  const e = scalarExpr(f, ctx.today);
  return e ? sql`(${e} IS NOT NULL)` : FALSE;
}

function text(n: Extract<Node, { type: 'text' }>, ctx: PgQueryContext): Sql {
  const column = n.field && TEXT_COLUMNS[n.field];
  if (column) return sql`${col(column)} ILIKE ${'%' + likeEscape(n.value) + '%'}`;
  return sql`d.tsv @@ ${tsQuery(n.value, n.phrase, ctx.configs)}`;
}

/** True when some text leaf is matched against the full tsvector (anywhere in the tree, under NOT too). */
export function usesFullText(n: Node): boolean {
  switch (n.type) {
    case 'text':
      return !(n.field && TEXT_COLUMNS[n.field]);
    case 'and':
    case 'or':
      return n.items.some(usesFullText);
    case 'not':
      return usesFullText(n.item);
    default:
      return false;
  }
}

export function whereSql(n: Node, ctx: PgQueryContext, pos = true): Sql {
  switch (n.type) {
    case 'all':
      return TRUE;
    case 'and':
      return sql`(${sql.join(
        n.items.map((i) => whereSql(i, ctx, pos)),
        sql` AND `,
      )})`;
    case 'or':
      return sql`(${sql.join(
        n.items.map((i) => whereSql(i, ctx, pos)),
        sql` OR `,
      )})`;
    case 'not':
      return sql`NOT ${whereSql(n.item, ctx, false)}`;
    case 'text':
      return text(n, ctx);
    case 'term':
      return term(n.field, n.value, !!n.prefix, ctx, pos);
    case 'range':
      return range(n, ctx);
    case 'exists':
      return exists(n.field, ctx);
  }
}

/** The SQL twin of canReadPackage (src/packages/visibility.ts) over the document's copied columns. */
export function visibilitySql(v: Visibility): Sql {
  const states = [
    'active',
    ...(v.includePrivate ? ['deactivated'] : []),
    ...(v.includeDrafts ? ['draft'] : []),
    ...(v.includeDeleted ? ['deleted'] : []),
  ];
  const publicActive = sql`(d.state = 'active' AND NOT d.private)`;
  if (v.anonymous) return publicActive;
  const inStates = sql`d.state = ANY(${states}::text[])`;
  const priv = v.includePrivate ? TRUE : sql`NOT d.private`;
  if (v.privileged) return sql`(${inStates} AND ${priv})`;
  // Drafts need edit rights (their own labels); every other state needs read rights.
  const owned = v.includeDrafts
    ? sql`CASE WHEN d.state = 'draft' THEN d.owner_label = ANY(${v.draftLabels}::text[]) ELSE d.owner_label = ANY(${v.labels}::text[]) END`
    : sql`d.owner_label = ANY(${v.labels}::text[])`;
  return sql`(${publicActive} OR (${inStates} AND ${priv} AND ${owned}))`;
}

/** Sort expressions: every key is a non-null column except score and the nullable sorts below. */
const SORT_COLUMNS: Record<string, { expr: string; type: string }> = {
  id: { expr: 'd.id', type: 'uuid' },
  name: { expr: 'd.name', type: 'text' },
  title_string: { expr: 'd.title_string', type: 'text' },
  metadata_modified: { expr: 'd.metadata_modified', type: 'timestamp' },
  metadata_created: { expr: 'd.metadata_created', type: 'timestamp' },
};
const NULLABLE_SORTS: Record<string, string> = {
  passport_code: 'd.passport_code',
  priority: 'd.priority',
  relevance: 'd.relevance',
  quality: "((d.extras ->> 'quality_score')::real)",
  // One primary-key probe per matched row into the per-dataset counters (src/tracking): the counts
  // change with every view, so they are not copied into the search documents.
  views_recent: 'coalesce((SELECT t.views_recent FROM package_tracking t WHERE t.package_id = d.id), 0)',
  views_total: 'coalesce((SELECT t.views_total FROM package_tracking t WHERE t.package_id = d.id), 0)',
};

export function keysetCapable(sort: SortKey[]): boolean {
  return sort.every((k) => SORT_COLUMNS[k.field]);
}

export function sortSql(sort: SortKey[], rank: Sql | null): { order: Sql; keys: Sql[] } {
  const order: Sql[] = [];
  const keys: Sql[] = [];
  for (const k of sort) {
    const dir = sql.raw(k.dir === 'asc' ? 'ASC' : 'DESC');
    if (k.field === 'score') {
      if (rank) {
        order.push(sql`${rank} ${dir}`);
        keys.push(rank);
      }
      continue;
    }
    const c = SORT_COLUMNS[k.field];
    if (c) {
      order.push(sql`${sql.raw(c.expr)} ${dir}`);
      keys.push(sql.raw(c.expr));
      continue;
    }
    const n = NULLABLE_SORTS[k.field];
    if (n) {
      order.push(sql`${sql.raw(n)} ${dir} NULLS LAST`);
      keys.push(sql.raw(n));
    }
  }
  return { order: sql.join(order, sql`, `), keys };
}

/** Rows strictly after `after` in the sort order (a lexicographic comparison, mixed directions allowed). */
export function afterSql(sort: SortKey[], after: unknown[]): Sql {
  const ors: Sql[] = [];
  for (let i = 0; i < sort.length; i++) {
    const ands: Sql[] = [];
    for (let j = 0; j < i; j++) {
      const c = SORT_COLUMNS[sort[j].field];
      ands.push(sql`${sql.raw(c.expr)} = ${after[j]}::${sql.raw(c.type)}`);
    }
    const c = SORT_COLUMNS[sort[i].field];
    ands.push(
      sort[i].dir === 'asc'
        ? sql`${sql.raw(c.expr)} > ${after[i]}::${sql.raw(c.type)}`
        : sql`${sql.raw(c.expr)} < ${after[i]}::${sql.raw(c.type)}`,
    );
    ors.push(sql`(${sql.join(ands, sql` AND `)})`);
  }
  return sql`(${sql.join(ors, sql` OR `)})`;
}
