// Descriptor fields as DataStore columns: a PostgreSQL type for the table and the CKAN DataStore type name
// that datastore_info / datastore_search report. Top-level fields only: nested Object and List values are
// stored whole, as jsonb.
import type { Descriptor, FieldType } from './types.ts';
import { parsePoint } from './values.ts';

export interface ColumnSpec {
  name: string;
  type: FieldType;
  pgType: 'bigint' | 'double precision' | 'text' | 'boolean' | 'timestamp' | 'point' | 'jsonb';
  /** CKAN DataStore type name (CKAN reports PostgreSQL's short names). */
  ckanType: 'int8' | 'float8' | 'text' | 'bool' | 'timestamp' | 'point' | 'json';
  pkey: boolean;
  datapath?: string;
  /** Labels by label key (labelKk, labelRu, ...), for the DataStore `info` of the column. */
  labels: Record<string, string>;
}

const TYPES: Record<FieldType, Pick<ColumnSpec, 'pgType' | 'ckanType'>> = {
  Int: { pgType: 'bigint', ckanType: 'int8' },
  Double: { pgType: 'double precision', ckanType: 'float8' },
  String: { pgType: 'text', ckanType: 'text' },
  Address: { pgType: 'text', ckanType: 'text' },
  Text: { pgType: 'text', ckanType: 'text' },
  Boolean: { pgType: 'boolean', ckanType: 'bool' },
  Date: { pgType: 'timestamp', ckanType: 'timestamp' },
  // PostgreSQL's point is (x, y) = (lon, lat); see toPgValue.
  Geoposition: { pgType: 'point', ckanType: 'point' },
  Object: { pgType: 'jsonb', ckanType: 'json' },
  List: { pgType: 'jsonb', ckanType: 'json' },
};

export function columnsFor(descriptor: Descriptor): ColumnSpec[] {
  return Object.entries(descriptor.fields).map(([name, def]) => {
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(def)) if (k.startsWith('label') && typeof v === 'string') labels[k] = v;
    return {
      name,
      type: def.type,
      ...TYPES[def.type],
      pkey: def.pkey === true,
      ...(def.datapath ? { datapath: def.datapath } : {}),
      labels,
    };
  });
}

/** A normalised value as a parameter for its column: point as `(lon,lat)`, jsonb as JSON text. */
export function toPgValue(column: Pick<ColumnSpec, 'pgType'>, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.pgType === 'point') {
    const { lat, lon } = parsePoint(value as string);
    return `(${lon},${lat})`;
  }
  if (column.pgType === 'jsonb') return JSON.stringify(value);
  return value;
}

/** The normalised value of a column read back (pg returns point as {x, y}, timestamp as Date or text). */
export function fromPgValue(column: Pick<ColumnSpec, 'pgType'>, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.pgType === 'point') {
    if (typeof value === 'object' && 'x' in (value as object)) {
      const p = value as { x: number; y: number };
      return `${p.y},${p.x}`;
    }
    const m = /^\(([^,]+),([^)]+)\)$/.exec(String(value));
    return m ? `${Number(m[2])},${Number(m[1])}` : value;
  }
  if (column.pgType === 'timestamp') {
    if (value instanceof Date)
      return value
        .toISOString()
        .replace(/(\.\d*?)0*Z$/, '$1')
        .replace(/\.$/, '');
    return String(value).replace(' ', 'T');
  }
  if (column.pgType === 'bigint' && typeof value === 'string') return Number(value);
  return value;
}
