// Scalar normalisers: one per descriptor type. Each takes what an upload may carry (JSON values, CSV/XML
// strings, XLSX numbers/dates) and returns the stored value, or an Invalid with the reason.
//
// Stored forms:  Int -> number (safe integer)     Double -> number (finite)     Boolean -> boolean
//                String/Address/Text -> string    Date -> "YYYY-MM-DDThh:mm:ss[.ffffff]" (naive UTC ISO 8601)
//                Geoposition -> "lat,lon" (the template's form, e.g. "51.117469,71.428171")
import type { ScalarType } from './types.ts';

export class Invalid {
  constructor(readonly message: string) {}
}

export type Normaliser = (value: unknown) => unknown | Invalid;

const show = (v: unknown) => {
  const s =
    typeof v === 'string'
      ? JSON.stringify(v)
      : v instanceof Date
        ? 'a date object'
        : Array.isArray(v)
          ? 'a list'
          : typeof v === 'object'
            ? 'an object'
            : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

const INT_RE = /^[+-]?\d+$/;
export function toInt(v: unknown): unknown {
  if (typeof v === 'number') {
    return Number.isSafeInteger(v)
      ? v
      : new Invalid(Number.isInteger(v) ? `integer ${v} is out of range` : `expected an integer, got ${show(v)}`);
  }
  if (typeof v === 'string') {
    const s = v.trim();
    if (INT_RE.test(s)) {
      const n = Number(s);
      return Number.isSafeInteger(n) ? n : new Invalid(`integer ${s} is out of range`);
    }
  }
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER))
    return Number(v);
  return new Invalid(`expected an integer, got ${show(v)}`);
}

const DOUBLE_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// Spreadsheets in ru/kk locales write a decimal comma: "3,5".
const COMMA_DOUBLE_RE = /^[+-]?\d+,\d+$/;
export function toDouble(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : new Invalid(`expected a finite number, got ${show(v)}`);
  if (typeof v === 'string') {
    const s = v.trim();
    if (DOUBLE_RE.test(s)) {
      const n = Number(s);
      if (Number.isFinite(n)) return n;
    } else if (COMMA_DOUBLE_RE.test(s)) return Number(s.replace(',', '.'));
  }
  return new Invalid(`expected a number, got ${show(v)}`);
}

const BOOLEANS = new Map<string, boolean>([
  ['true', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['yes', true],
  ['no', false],
  ['да', true],
  ['нет', false],
  ['иә', true],
  ['жоқ', false],
  ['ha', true],
  ["yo'q", false],
  ['ҳа', true],
  ['йўқ', false],
]);
export function toBoolean(v: unknown): unknown {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const b = BOOLEANS.get(v.trim().toLowerCase());
    if (b !== undefined) return b;
  }
  return new Invalid(`expected true or false, got ${show(v)}`);
}

export function stringNormaliser(maxLength: number): Normaliser {
  return (v) => {
    let s: string;
    if (typeof v === 'string') s = v;
    // XLSX and JSON producers write numeric codes (an id 11) as numbers.
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') s = String(v);
    else return new Invalid(`expected text, got ${show(v)}`);
    // PostgreSQL text cannot hold NUL.
    if (s.includes('\u0000')) return new Invalid('text must not contain the NUL character');
    if (s.length > maxLength && [...s].length > maxLength)
      return new Invalid(`text is longer than ${maxLength} characters`);
    return s;
  };
}

// DD-MM-YYYY[ hh:mm[:ss]] (the rules), DD.MM.YYYY[ hh:mm[:ss]] (the template), ISO 8601 date or date-time.
const DMY_RE = /^(\d{2})([-.])(\d{2})\2(\d{4})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function isoOf(y: number, mo: number, d: number, h: number, mi: number, s: number, fraction: string): string {
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${fraction ? `.${fraction}` : ''}`;
}

function checkDate(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  raw: string,
): Invalid | undefined {
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return new Invalid(`not a calendar date: ${show(raw)}`);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 && leap ? 29 : DAYS[mo - 1])) return new Invalid(`not a calendar date: ${show(raw)}`);
  if (h > 23 || mi > 59 || s > 59) return new Invalid(`not a time of day: ${show(raw)}`);
  return undefined;
}

function dateOf(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  fraction: string,
  offsetMin: number,
  raw: string,
): unknown {
  const bad = checkDate(y, mo, d, h, mi, s, raw);
  if (bad) return bad;
  if (offsetMin) {
    const t = new Date(Date.UTC(y, mo - 1, d, h, mi - offsetMin, s));
    if (t.getUTCFullYear() < 1 || t.getUTCFullYear() > 9999) return new Invalid(`date out of range: ${show(raw)}`);
    return isoOf(
      t.getUTCFullYear(),
      t.getUTCMonth() + 1,
      t.getUTCDate(),
      t.getUTCHours(),
      t.getUTCMinutes(),
      t.getUTCSeconds(),
      fraction,
    );
  }
  return isoOf(y, mo, d, h, mi, s, fraction);
}

export function toDate(v: unknown): unknown {
  if (v instanceof Date) {
    // XLSX date cells arrive as Dates whose UTC fields are the wall-clock value the author typed.
    if (Number.isNaN(v.getTime())) return new Invalid('not a date');
    const ms = v.getUTCMilliseconds();
    return isoOf(
      v.getUTCFullYear(),
      v.getUTCMonth() + 1,
      v.getUTCDate(),
      v.getUTCHours(),
      v.getUTCMinutes(),
      v.getUTCSeconds(),
      ms ? pad(ms, 3) : '',
    );
  }
  if (typeof v !== 'string')
    return new Invalid(`expected a date (DD-MM-YYYY hh:mm, DD.MM.YYYY or ISO 8601), got ${show(v)}`);
  const s = v.trim();
  let m = DMY_RE.exec(s);
  if (m) {
    const bad = checkDate(+m[4], +m[3], +m[1], m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, m[7] ? +m[7] : 0, s);
    // Already zero-padded by the pattern: reuse the digits.
    return bad ?? `${m[4]}-${m[3]}-${m[1]}T${m[5] ?? '00'}:${m[6] ?? '00'}:${m[7] ?? '00'}`;
  }
  m = ISO_RE.exec(s);
  if (m) {
    let offset = 0;
    const z = m[8];
    if (z && z !== 'Z') {
      const sign = z[0] === '-' ? -1 : 1;
      const digits = z.slice(1).replace(':', '');
      const oh = +digits.slice(0, 2);
      const om = digits.length > 2 ? +digits.slice(2) : 0;
      if (oh > 23 || om > 59) return new Invalid(`not a time zone offset: ${show(s)}`);
      offset = sign * (oh * 60 + om);
    }
    // Microseconds are what a PostgreSQL timestamp keeps.
    const fraction = (m[7] ?? '').slice(0, 6).replace(/0+$/, '');
    return dateOf(+m[1], +m[2], +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0, fraction, offset, s);
  }
  return new Invalid(`expected a date (DD-MM-YYYY hh:mm, DD.MM.YYYY or ISO 8601), got ${show(v)}`);
}

// "lat,lon" (the template: 51.117469,71.428171) or "x : y" (the rules' text); both read latitude first,
// as the rules' only example does.
const GEO_RE = /^([+-]?\d+(?:\.\d+)?)\s*[,:]\s*([+-]?\d+(?:\.\d+)?)$/;
export function toGeoposition(v: unknown): unknown {
  let lat: number;
  let lon: number;
  if (typeof v === 'string') {
    const m = GEO_RE.exec(v.trim());
    if (!m) return new Invalid(`expected a point "lat,lon" or "x : y", got ${show(v)}`);
    lat = Number(m[1]);
    lon = Number(m[2]);
    if (!(lat >= -90 && lat <= 90)) return new Invalid(`latitude ${lat} is outside -90..90`);
    if (!(lon >= -180 && lon <= 180)) return new Invalid(`longitude ${lon} is outside -180..180`);
    return `${lat},${lon}`;
  } else if (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    typeof (v as { lat?: unknown }).lat === 'number'
  ) {
    const o = v as { lat: number; lon?: unknown; lng?: unknown };
    const l = typeof o.lon === 'number' ? o.lon : o.lng;
    if (typeof l !== 'number') return new Invalid('expected a point {lat, lon}');
    lat = o.lat;
    lon = l;
  } else return new Invalid(`expected a point "lat,lon" or "x : y", got ${show(v)}`);
  if (!(lat >= -90 && lat <= 90)) return new Invalid(`latitude ${lat} is outside -90..90`);
  if (!(lon >= -180 && lon <= 180)) return new Invalid(`longitude ${lon} is outside -180..180`);
  return `${lat},${lon}`;
}

/** Parses a stored Geoposition back into numbers. */
export function parsePoint(stored: string): { lat: number; lon: number } {
  const i = stored.indexOf(',');
  return { lat: Number(stored.slice(0, i)), lon: Number(stored.slice(i + 1)) };
}

export interface ScalarOptions {
  maxLength?: number;
  stringMaxLength: number;
}

export function normaliserFor(type: ScalarType, opts: ScalarOptions): Normaliser {
  switch (type) {
    case 'Int':
      return toInt;
    case 'Double':
      return toDouble;
    case 'Boolean':
      return toBoolean;
    case 'Date':
      return toDate;
    case 'Geoposition':
      return toGeoposition;
    case 'Text':
      return stringNormaliser(opts.maxLength ?? Number.MAX_SAFE_INTEGER);
    case 'String':
    case 'Address':
      return stringNormaliser(opts.maxLength ?? opts.stringMaxLength);
  }
}

export const isStringType = (t: string) => t === 'String' || t === 'Address' || t === 'Text';
