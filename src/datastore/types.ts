// CKAN DataStore field types: the names clients send, the PostgreSQL column type behind each, the name
// reported back (CKAN reports PostgreSQL's short names: int4, float8, bool, ...), and a check of one value
// so a bad record is reported with its index and field instead of failing the whole statement.

export interface FieldSpec {
  id: string;
  /** The reported type name (int4, text, timestamp, _text, ...). */
  type: string;
  info?: Record<string, unknown>;
}

interface TypeDef {
  pg: string;
  check: (v: unknown) => unknown | Bad;
}

export class Bad {
  constructor(readonly message: string) {}
}

const show = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
};

const INT = /^[+-]?\d+$/;
const NUM = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function integer(min: number, max: number) {
  return (v: unknown) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && INT.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isInteger(n)) return new Bad(`expected an integer, got ${show(v)}`);
    if (n < min || n > max) return new Bad(`integer ${n} is out of range`);
    return n;
  };
}

function number(v: unknown) {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && NUM.test(v.trim())) return v.trim();
  return new Bad(`expected a number, got ${show(v)}`);
}

function bool(v: unknown) {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', 't', 'yes', 'y', '1', 'on'].includes(s)) return true;
    if (['false', 'f', 'no', 'n', '0', 'off'].includes(s)) return false;
  }
  if (v === 0 || v === 1) return v === 1;
  return new Bad(`expected true or false, got ${show(v)}`);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/;
const TS = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

function calendar(y: number, m: number, d: number) {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function date(v: unknown) {
  const m = typeof v === 'string' ? DATE.exec(v.trim()) : null;
  if (!m || !calendar(+m[1], +m[2], +m[3])) return new Bad(`expected a date YYYY-MM-DD, got ${show(v)}`);
  return v;
}

function time(v: unknown) {
  const m = typeof v === 'string' ? TIME.exec(v.trim()) : null;
  if (!m || +m[1] > 23 || +m[2] > 59 || (m[3] !== undefined && +m[3] > 59))
    return new Bad(`expected a time hh:mm[:ss], got ${show(v)}`);
  return v;
}

function timestamp(v: unknown) {
  const m = typeof v === 'string' ? TS.exec(v.trim()) : null;
  if (
    !m ||
    !calendar(+m[1], +m[2], +m[3]) ||
    (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || (m[6] !== undefined && +m[6] > 59)))
  ) {
    return new Bad(`expected a timestamp YYYY-MM-DDThh:mm:ss, got ${show(v)}`);
  }
  return v;
}

function text(v: unknown) {
  if (typeof v === 'string') return v.includes('\u0000') ? new Bad('text must not contain the NUL character') : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return new Bad(`expected text, got ${show(v)}`);
}

const json = (v: unknown) => v;

// "lat,lon" (the descriptor's Geoposition form) or {lat, lon}; stored as PostgreSQL's (x=lon, y=lat).
const POINT = /^\s*([+-]?\d+(?:\.\d+)?)\s*[,:]\s*([+-]?\d+(?:\.\d+)?)\s*$/;
function point(v: unknown) {
  let lat: number, lon: number;
  const m = typeof v === 'string' ? POINT.exec(v) : null;
  if (m) (lat = +m[1]), (lon = +m[2]);
  else if (
    v &&
    typeof v === 'object' &&
    typeof (v as { lat?: unknown }).lat === 'number' &&
    typeof (v as { lon?: unknown }).lon === 'number'
  ) {
    ({ lat, lon } = v as { lat: number; lon: number });
  } else return new Bad(`expected a point "lat,lon", got ${show(v)}`);
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return new Bad(`point ${show(v)} is out of range`);
  return `(${lon},${lat})`;
}

const SCALARS: Record<string, TypeDef> = {
  text: { pg: 'text', check: text },
  int2: { pg: 'smallint', check: integer(-32768, 32767) },
  int4: { pg: 'integer', check: integer(-2147483648, 2147483647) },
  int8: { pg: 'bigint', check: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) },
  numeric: { pg: 'numeric', check: number },
  float4: { pg: 'real', check: number },
  float8: { pg: 'double precision', check: number },
  bool: { pg: 'boolean', check: bool },
  date: { pg: 'date', check: date },
  time: { pg: 'time', check: time },
  timestamp: { pg: 'timestamp', check: timestamp },
  json: { pg: 'jsonb', check: json },
  point: { pg: 'point', check: point },
};

/** What clients may write for each reported name. */
const ALIASES: Record<string, string> = {
  int: 'int4',
  integer: 'int4',
  int4: 'int4',
  smallint: 'int2',
  int2: 'int2',
  bigint: 'int8',
  int8: 'int8',
  float: 'float8',
  float8: 'float8',
  'double precision': 'float8',
  real: 'float4',
  float4: 'float4',
  numeric: 'numeric',
  decimal: 'numeric',
  bool: 'bool',
  boolean: 'bool',
  text: 'text',
  varchar: 'text',
  string: 'text',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  'timestamp without time zone': 'timestamp',
  json: 'json',
  jsonb: 'json',
  point: 'point',
};

/** The reported name of a client type (`int` -> `int4`, `_int` -> `_int4`), or undefined if unknown. */
export function canonicalType(type: string): string | undefined {
  const t = type.trim().toLowerCase();
  if (t.startsWith('_')) {
    const inner = ALIASES[t.slice(1)];
    return inner && inner !== 'json' && inner !== 'point' ? `_${inner}` : undefined;
  }
  if (t.endsWith('[]')) return canonicalType(`_${t.slice(0, -2)}`);
  return ALIASES[t];
}

export function pgType(type: string): string {
  if (type.startsWith('_')) return `${SCALARS[type.slice(1)].pg}[]`;
  return SCALARS[type].pg;
}

/** The value as the column's input form, or Bad. Arrays are checked element by element. */
export function checkValue(type: string, v: unknown): unknown | Bad {
  if (v === null || v === undefined) return null;
  if (type.startsWith('_')) {
    if (!Array.isArray(v)) return new Bad(`expected a list, got ${show(v)}`);
    const inner = SCALARS[type.slice(1)];
    const out: unknown[] = [];
    for (const el of v) {
      if (el === null) {
        out.push(null);
        continue;
      }
      const c = inner.check(el);
      if (c instanceof Bad) return c;
      out.push(c);
    }
    return out;
  }
  if (type !== 'text' && type !== 'json' && v === '') return null;
  return SCALARS[type].check(v);
}

export const NUMERIC_TYPES = new Set(['numeric', 'float4', 'float8', 'int2', 'int4', 'int8']);
