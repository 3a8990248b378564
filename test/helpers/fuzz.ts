// Hostile Action API requests from a seeded generator: every action, every transport (GET query, form,
// JSON, multipart, garbage content types), every kind of caller. Shared by test/api/fuzz.test.ts and
// bench/fuzz.ts, so the suite and the long local run send the same kinds of requests.

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Transport = 'get' | 'form' | 'json' | 'multipart' | 'garbage';
export const TRANSPORTS: Transport[] = ['get', 'form', 'json', 'multipart', 'garbage'];

export interface FuzzRequest {
  action: string;
  transport: Transport;
  caller: 'anonymous' | 'garbage' | 'sysadmin';
  label: string;
  init: RequestInit;
  query: string;
}

const FIELDS = [
  'id',
  'name',
  'title',
  'notes',
  'q',
  'fq',
  'fq_list',
  'sort',
  'rows',
  'start',
  'limit',
  'offset',
  'owner_org',
  'resources',
  'tags',
  'extras',
  'groups',
  'resource_id',
  'records',
  'fields',
  'filters',
  'sql',
  'url',
  'package_id',
  'title_translated',
  'object',
  'capacity',
  'username',
  'email',
  'password',
  'facet.field',
  'include_private',
  'user',
  'code',
  'name_translated',
  'descriptor',
  'force',
];

type Gen = (r: () => number, ref: string) => unknown;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function nested(depth: number, leaf: unknown, list: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = list ? [v] : { a: v };
  return v;
}

/** Hostile values: each is refused somewhere, and none may cost the server a 5xx. */
const VALUES: Gen[] = [
  () => 'a\u0000b',
  () => '\ud800lone',
  () => 'x\udfff',
  () => '',
  () => ' ',
  (r) => 'x'.repeat(Math.floor(r() * 3000)),
  (r) => (r() < 0.25 ? 'y'.repeat(1_100_000) : 'y'.repeat(1000)),
  (r) => nested(10 + Math.floor(r() * 200), 'deep', r() < 0.5),
  (r) => Array.from({ length: r() < 0.25 ? 120_000 : 300 }, (_, i) => i),
  (r) => Array.from({ length: Math.floor(r() * 50) }, (_, i) => (i % 2 ? { name: `t${i}` } : `v${i}`)),
  () => '('.repeat(5000) + 'a' + ')'.repeat(5000),
  () => 'word '.repeat(2000),
  () => 'title:(a OR b) AND -notes:"x" AND metadata_modified:[* TO NOW]',
  () => "x' OR 1=1 --",
  () => 'SELECT * FROM pg_catalog.pg_user',
  () => '{"__proto__": {"admin": true}}',
  () => ({ __proto__: null, constructor: { prototype: { polluted: true } } }),
  () => ({ $ne: null }),
  () => null,
  () => true,
  () => -1,
  () => 1e308,
  () => 9007199254740993,
  () => [null, [], {}],
  () => '../../etc/passwd',
  () => '00000000-0000-0000-0000-000000000000',
  () => '%00%ff%fe',
  () => '\u202e\ufeff\u200b',
  (_r, ref) => ref,
];

export function hostileBody(r: () => number, ref: string, allowRef: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    let v = pick(r, VALUES)(r, ref);
    if (v === ref && !allowRef) v = 'not-the-reference';
    body[pick(r, FIELDS)] = v;
  }
  if (r() < 0.15) Object.defineProperty(body, '__proto__', { value: { isAdmin: true }, enumerable: true });
  if (r() < 0.1) body[`k\u0000${Math.floor(r() * 10)}`] = 'nul key';
  return body;
}

function asText(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null');
}

const GARBAGE_TYPES = [
  'text/xml',
  '%%%garbage',
  'application/json; charset=utf-16',
  'image/png',
  'multipart/mixed; boundary=x',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/x-www-form-urlencoded; boundary=zz',
  '',
  'application/json;;;',
  'text/plain; charset=koi8-r',
];

const GARBAGE_BODIES: ((json: string) => string | Uint8Array)[] = [
  (j) => j,
  (j) => j.slice(0, Math.max(1, Math.floor(j.length / 2))),
  () => new Uint8Array([0xff, 0xfe, 0x00, 0x7b, 0x22, 0x00]),
  () => '--x\r\nContent-Disposition: form-data; name="id"\r\n\r\nabc',
  () =>
    '--zz\r\nContent-Disposition: form-data; name="upload"; filename="a"\r\n\r\n123\r\n--zz\r\nContent-Disposition: form-data; name="upload"; filename="b"\r\n\r\n456\r\n--zz--\r\n',
  (j) => `${encodeURIComponent(j)}=`,
  () => '[1,2,3]',
  () => 'null',
];

export function buildRequest(
  r: () => number,
  action: string,
  transport: Transport,
  caller: FuzzRequest['caller'],
  tokens: { sysadmin: string },
  ref: string,
): FuzzRequest {
  const body = hostileBody(r, ref, caller !== 'sysadmin');
  const headers: Record<string, string> = {};
  if (caller === 'sysadmin') headers.Authorization = tokens.sysadmin;
  if (caller === 'garbage')
    headers[r() < 0.5 ? 'Authorization' : 'X-CKAN-API-Key'] = pick(r, [
      'garbage',
      'Bearer x.y.z',
      'eyJhbGciOiJub25lIn0.e30.',
      '\u00e9t\u00e9',
    ]);
  let init: RequestInit = { method: 'POST', headers };
  let query = '';
  const json = JSON.stringify(body);
  if (transport === 'get') {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) qs.append(k, asText(v).slice(0, 20_000));
    query = `?${qs}`;
    init = { method: 'GET', headers };
  } else if (transport === 'form') {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) qs.append(k, asText(v));
    init.body = qs.toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  } else if (transport === 'json') {
    init.body = json;
    headers['Content-Type'] = pick(r, ['application/json', 'application/json;charset=utf-8', 'text/plain']);
  } else if (transport === 'multipart') {
    const form = new FormData();
    for (const [k, v] of Object.entries(body)) form.append(k, asText(v));
    if (r() < 0.5) form.append('upload', new Blob([new Uint8Array(Math.floor(r() * 4096))]), 'data.csv');
    if (r() < 0.2) form.append('upload', new Blob(['dup']), 'again.csv');
    init.body = form;
  } else {
    const ctype = pick(r, GARBAGE_TYPES);
    if (ctype) headers['Content-Type'] = ctype;
    const b = pick(r, GARBAGE_BODIES)(json);
    init.body = typeof b === 'string' ? b : new Blob([b as unknown as BlobPart]);
  }
  return { action, transport, caller, label: `${action} ${transport} ${caller} ${json.slice(0, 120)}`, init, query };
}

/** Whether an answer is one CKAN could give: a bare "Bad request - ..." string or an error envelope. */
export function ckanShaped(status: number, text: string): string | null {
  if (status >= 500) return `status ${status}`;
  if (/\n\s+at |node_modules|\.ts:\d+|\bat async\b/.test(text)) return 'stack trace';
  if (status === 200) return null;
  if (![400, 403, 404, 409, 413, 431].includes(status)) return `status ${status}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (typeof body === 'string')
    return /^Bad request - /.test(body) && body.length < 600 ? null : 'bare string not CKAN-shaped';
  const env = body as { success?: unknown; error?: { __type?: unknown } };
  if (env?.success !== false || typeof env.error?.__type !== 'string') return 'no error envelope';
  if (text.length > 4000) return `error body of ${text.length} bytes`;
  return null;
}
