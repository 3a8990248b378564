// datastore_search's parameters as SQL: filters (equality / IN), full text (`q` string over the row or
// {field: text}), field lists and sort clauses, each checked against the table's fields with CKAN's errors.
import { sql, type RawBuilder } from 'kysely';
import { ValidationError } from '../errors.ts';
import type { TableInfo } from './catalogue.ts';
import { TS_CONFIG } from './names.ts';
import { Bad, checkValue, pgType, type FieldSpec } from './types.ts';

export const ID_FIELD: FieldSpec = { id: '_id', type: 'int' };

/** JSON text over GET, a value over POST. */
export function jsonParam(name: string, v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (!/^[[{]/.test(s)) return v;
  try {
    return JSON.parse(s);
  } catch {
    throw ValidationError.field(name, 'Could not parse as valid JSON');
  }
}

/** A list of names from a list or a comma-separated string. */
export function nameList(name: string, v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const parsed = jsonParam(name, v);
  const items = Array.isArray(parsed) ? parsed : String(parsed).split(',');
  if (!items.every((x) => typeof x === 'string')) throw ValidationError.field(name, 'Must be a list of strings');
  return (items as string[]).map((s) => s.trim()).filter(Boolean);
}

export function fieldMap(t: TableInfo): Map<string, FieldSpec> {
  return new Map([[ID_FIELD.id, { id: '_id', type: 'int4' }], ...t.fields.map((f) => [f.id, f] as const)]);
}

function cast(f: FieldSpec, v: unknown, param: string): RawBuilder<unknown> {
  const c = checkValue(f.type === 'int' ? 'int4' : f.type, v);
  if (c instanceof Bad || c === null)
    throw ValidationError.field(
      param,
      `invalid value ${JSON.stringify(v)} for field "${f.id}"${c instanceof Bad ? `: ${c.message}` : ''}`,
    );
  const type = f.id === '_id' ? 'integer' : pgType(f.type);
  if (f.type === 'json') return sql`${JSON.stringify(c)}::jsonb`;
  if (f.type.startsWith('_')) return sql`${c}::${sql.raw(type)}`;
  return sql`${typeof c === 'string' ? c : JSON.stringify(c)}::${sql.raw(type)}`;
}

/** `filters` -> the conditions; an unknown field is CKAN's 409 {"filters": ["invalid value \"x\""]}. */
export function filterConditions(t: TableInfo, raw: unknown): RawBuilder<unknown>[] {
  const filters = jsonParam('filters', raw);
  if (filters === undefined || filters === null) return [];
  if (typeof filters !== 'object' || Array.isArray(filters))
    throw ValidationError.field('filters', 'Must be a dictionary');
  const fields = fieldMap(t);
  const out: RawBuilder<unknown>[] = [];
  for (const [name, value] of Object.entries(filters as Record<string, unknown>)) {
    const f = fields.get(name);
    if (!f) throw ValidationError.field('filters', `invalid value "${name}"`);
    const column = sql.id(name);
    const op = f.type === 'point' ? sql`~=` : sql`=`;
    if (Array.isArray(value) && !f.type.startsWith('_')) {
      if (!value.length) out.push(sql`false`);
      else
        out.push(
          sql`(${sql.join(
            value.map((v) => sql`${column} ${op} ${cast(f, v, 'filters')}`),
            sql` OR `,
          )})`,
        );
    } else if (value === null) out.push(sql`${column} IS NULL`);
    else out.push(sql`${column} ${op} ${cast(f, value, 'filters')}`);
  }
  return out;
}

export interface TextSearch {
  conditions: RawBuilder<unknown>[];
  /** Extra output columns: `rank` or `rank <field>`, as (name, expression). */
  ranks: { id: string; expr: RawBuilder<unknown> }[];
}

/** `q` as a string searches the whole row; as {field: text} each field. `plain=false` takes tsquery syntax. */
export function textSearch(t: TableInfo, rawQ: unknown, plain: boolean): TextSearch {
  const q = jsonParam('q', rawQ);
  const out: TextSearch = { conditions: [], ranks: [] };
  if (q === undefined || q === null || q === '') return out;
  const query = (text: string) =>
    plain ? sql`plainto_tsquery(${TS_CONFIG}::regconfig, ${text})` : sql`to_tsquery(${TS_CONFIG}::regconfig, ${text})`;
  if (typeof q === 'string') {
    out.conditions.push(sql`_full_text @@ ${query(q)}`);
    out.ranks.push({ id: 'rank', expr: sql`ts_rank(_full_text, ${query(q)}, 32)` });
    return out;
  }
  if (typeof q !== 'object' || Array.isArray(q)) throw ValidationError.field('q', 'Must be a string or a dictionary');
  const fields = fieldMap(t);
  for (const [name, text] of Object.entries(q as Record<string, unknown>)) {
    if (!fields.has(name)) throw ValidationError.field('q', `field "${name}" not in table`);
    if (typeof text !== 'string') throw ValidationError.field('q', `the search text for "${name}" must be a string`);
    const vector = sql`to_tsvector(${TS_CONFIG}::regconfig, ${sql.id(name)}::text)`;
    out.conditions.push(sql`${vector} @@ ${query(text)}`);
    out.ranks.push({ id: `rank ${name}`, expr: sql`ts_rank(${vector}, ${query(text)}, 32)` });
  }
  return out;
}

const SORT_ITEM =
  /^\s*(?:"((?:[^"]|"")+)"|([^\s,"]+(?:\s+[^\s,"]+)*?))(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$/i;

/** "f1, f2 desc [nulls last]" (or a list of such) -> ORDER BY items. */
export function sortClause(available: Map<string, RawBuilder<unknown>>, raw: unknown): RawBuilder<unknown>[] {
  const items = Array.isArray(raw) ? (raw as unknown[]).map(String) : String(raw).split(',');
  const out: RawBuilder<unknown>[] = [];
  for (const item of items) {
    if (!item.trim()) continue;
    const m = SORT_ITEM.exec(item);
    const name = m ? (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]) : item.trim();
    const expr = m ? available.get(name) : undefined;
    if (!m || !expr) throw ValidationError.field('sort', `field "${name}" not in table`);
    const dir = m[3]?.toLowerCase() === 'desc' ? sql` DESC` : sql``;
    const nulls = m[4] ? sql.raw(` NULLS ${m[4].toUpperCase()}`) : sql``;
    out.push(sql`${expr}${dir}${nulls}`);
  }
  return out;
}
