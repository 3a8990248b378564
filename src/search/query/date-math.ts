// Solr date values and date math (NOW, NOW-1DAY, NOW/DAY, 2024-05-01T09:00:00.123456Z+1HOUR) to the
// naive UTC ISO form Pasport stores, keeping up to 6 fraction digits when no arithmetic is applied.
const UNIT: Record<string, string> = {
  YEAR: 'year',
  YEARS: 'year',
  MONTH: 'month',
  MONTHS: 'month',
  DAY: 'day',
  DAYS: 'day',
  DATE: 'day',
  HOUR: 'hour',
  HOURS: 'hour',
  MINUTE: 'minute',
  MINUTES: 'minute',
  SECOND: 'second',
  SECONDS: 'second',
  MILLI: 'milli',
  MILLIS: 'milli',
  MILLISECOND: 'milli',
  MILLISECONDS: 'milli',
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?/;

function add(d: Date, n: number, unit: string): void {
  switch (unit) {
    case 'year':
      d.setUTCFullYear(d.getUTCFullYear() + n);
      break;
    case 'month':
      d.setUTCMonth(d.getUTCMonth() + n);
      break;
    case 'day':
      d.setUTCDate(d.getUTCDate() + n);
      break;
    case 'hour':
      d.setUTCHours(d.getUTCHours() + n);
      break;
    case 'minute':
      d.setUTCMinutes(d.getUTCMinutes() + n);
      break;
    case 'second':
      d.setUTCSeconds(d.getUTCSeconds() + n);
      break;
    default:
      d.setUTCMilliseconds(d.getUTCMilliseconds() + n);
  }
}

function round(d: Date, unit: string): void {
  const parts: [string, () => void][] = [
    ['year', () => d.setUTCMonth(0, 1)],
    ['month', () => d.setUTCDate(1)],
    ['day', () => d.setUTCHours(0)],
    ['hour', () => d.setUTCMinutes(0)],
    ['minute', () => d.setUTCSeconds(0)],
    ['second', () => d.setUTCMilliseconds(0)],
  ];
  let on = false;
  for (const [u, fn] of parts) {
    if (u === unit) on = true;
    if (on) fn();
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function naive(d: Date, micros: string): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${micros}`;
}

/** Returns the naive ISO timestamp, or null when `value` is not a Solr date expression. */
export function resolveDate(value: string, now: Date = new Date()): string | null {
  let rest: string;
  let d: Date;
  let micros: string;
  if (value.startsWith('NOW')) {
    d = new Date(now.getTime());
    micros = pad(d.getUTCMilliseconds(), 3) + '000';
    rest = value.slice(3);
  } else {
    const m = ISO.exec(value);
    if (!m) return null;
    const [, y, mo, da, h = '00', mi = '00', s = '00', frac = '', zone] = m;
    const offset = !zone || zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
    d = new Date(`${y}-${mo}-${da}T${h}:${mi}:${s}.${(frac + '000').slice(0, 3)}${offset}`);
    if (Number.isNaN(d.getTime()) || Number(mo) > 12 || Number(da) > 31) return null;
    micros = (frac + '000000').slice(0, 6);
    rest = value.slice(m[0].length);
  }
  const ops = /([+-])(\d+)([A-Z]+)|\/([A-Z]+)/y;
  let pos = 0;
  while (pos < rest.length) {
    ops.lastIndex = pos;
    const m = ops.exec(rest);
    if (!m) return null;
    const unit = UNIT[m[3] ?? m[4]];
    if (!unit) return null;
    if (m[4]) round(d, unit);
    else add(d, (m[1] === '-' ? -1 : 1) * Number(m[2]), unit);
    micros = pad(d.getUTCMilliseconds(), 3) + (unit === 'milli' || m[4] ? '000' : micros.slice(3));
    pos = ops.lastIndex;
  }
  return naive(d, micros);
}
