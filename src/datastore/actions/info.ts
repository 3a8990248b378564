import { sql } from 'kysely';
import { defineAction } from '../../actions/types.ts';
import { readableTable } from '../catalogue.ts';
import { SCHEMA } from '../names.ts';
import { table } from '../store.ts';
import { pgType } from '../types.ts';
import { dataReadInHandler, requireResourceId } from './common.ts';

export default defineAction({
  name: 'datastore_info',
  tag: 'datastore',
  description: `Describe a resource's DataStore table.

:param id: the resource (resource_id is accepted too)
:rtype: {meta: {id, count, table_type, size, db_size, idx_size, aliases}, fields: [{id, type, info?, schema}]}`,
  sideEffectFree: true,
  input: { type: 'object', properties: { id: { type: 'string' }, resource_id: { type: 'string' } } },
  auth: dataReadInHandler,
  async handler(ctx, input: Record<string, any>) {
    const { table: t } = await readableTable(ctx, requireResourceId(input));
    const rel = `${SCHEMA}."${t.resource_id}"`;
    const meta = await sql<{ count: number; size: number; idx_size: number; db_size: number }>`SELECT
        (SELECT count(*) FROM ${table(t.resource_id)})::int AS count,
        pg_table_size(${rel}::regclass)::bigint AS size,
        pg_indexes_size(${rel}::regclass)::bigint AS idx_size,
        pg_database_size(current_database())::bigint AS db_size`.execute(ctx.db);
    // Which columns carry an index, and whether it is unique (the primary key).
    const ix = await sql<{
      col: string;
      name: string;
      uniq: boolean;
      notnull: boolean;
    }>`SELECT a.attname AS col, c.relname AS name, i.indisunique AS uniq, a.attnotnull AS notnull
        FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = ${rel}::regclass`.execute(ctx.db);
    const byCol = new Map(ix.rows.map((r) => [r.col, r]));
    const m = meta.rows[0];
    return {
      meta: {
        id: t.resource_id,
        count: m.count,
        table_type: 'BASE TABLE',
        size: Number(m.size),
        db_size: Number(m.db_size),
        idx_size: Number(m.idx_size),
        aliases: [],
      },
      fields: t.fields.map((f) => {
        const i = byCol.get(f.id);
        return {
          id: f.id,
          type: f.type,
          ...(f.info ? { info: f.info } : {}),
          schema: {
            native_type: pgType(f.type),
            index_name: i?.name ?? null,
            is_index: !!i,
            notnull: i?.notnull ?? false,
            uniquekey: (i?.uniq ?? false) && t.primary_key.length === 1,
          },
        };
      }),
      ...(t.descriptor ? { descriptor: t.descriptor } : {}),
      primary_key: t.primary_key,
    };
  },
});
