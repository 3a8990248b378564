// HTTP to the external SPARQL store (external-store.ts): each request with the configured credentials,
// HTTP Basic first, RFC 7616 Digest once the server asks for it; counts the requests under way.
import { createHash, randomBytes } from 'node:crypto';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** RFC 7616 Digest response (MD5, qop=auth), from a `WWW-Authenticate: Digest ...` challenge. */
function digestHeader(challenge: string, method: string, url: URL, user: string, password: string, nc: number): string {
  const p: Record<string, string> = {};
  for (const m of challenge.replace(/^Digest\s+/i, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g))
    p[m[1].toLowerCase()] = m[2] ?? m[3];
  const uri = url.pathname + url.search;
  const ha1 = md5(`${user}:${p.realm ?? ''}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const qop = (p.qop ?? '')
    .split(',')
    .map((s) => s.trim())
    .includes('auth')
    ? 'auth'
    : null;
  const ncs = nc.toString(16).padStart(8, '0');
  const cnonce = randomBytes(8).toString('hex');
  const response = qop ? md5(`${ha1}:${p.nonce}:${ncs}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
  const parts = [
    `username="${user}"`,
    `realm="${p.realm ?? ''}"`,
    `nonce="${p.nonce}"`,
    `uri="${uri}"`,
    `response="${response}"`,
    'algorithm=MD5',
  ];
  if (qop) parts.push(`qop=${qop}`, `nc=${ncs}`, `cnonce="${cnonce}"`);
  if (p.opaque !== undefined) parts.push(`opaque="${p.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}

export class ExternalHttp {
  /** Requests under way: the store's stats show them as busy, its close waits for them. */
  inflight = 0;
  /** Set once a server asked for Digest: later requests skip the Basic attempt. */
  private digest = false;
  private nc = 0;

  constructor(private readonly credentials: { user?: string | null; password?: string | null }) {}

  async request(
    url: string,
    method: string,
    body: string | undefined,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<Response> {
    const { user, password } = this.credentials;
    const h: Record<string, string> = { ...headers };
    if (user && !this.digest) h.authorization = `Basic ${Buffer.from(`${user}:${password ?? ''}`).toString('base64')}`;
    const go = (hh: Record<string, string>) =>
      fetch(url, { method, body, headers: hh, signal: AbortSignal.timeout(timeoutMs) });
    this.inflight++;
    try {
      let r = await go(h);
      if (r.status !== 401 || !user) return r;
      let challenge = r.headers.get('www-authenticate');
      // Virtuoso answers a Basic attempt on a Digest endpoint with a bare 401: ask again without it.
      if (!challenge || !/^Digest/i.test(challenge)) {
        if (!h.authorization) return r;
        await r.body?.cancel();
        const { authorization: _, ...rest } = h;
        r = await go(rest);
        challenge = r.headers.get('www-authenticate');
        if (r.status !== 401 || !challenge || !/^Digest/i.test(challenge)) return r;
      }
      await r.body?.cancel();
      this.digest = true;
      return await go({
        ...h,
        authorization: digestHeader(challenge, method, new URL(url), user, password ?? '', ++this.nc),
      });
    } finally {
      this.inflight--;
    }
  }
}
