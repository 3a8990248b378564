// The link checker behind MQA's accessibility indicators: HEAD, then GET when HEAD is refused or
// fails (many servers answer HEAD with 405 or not at all), each with a timeout, redirects followed,
// the GET's body never read beyond its headers. A URL is reachable when the final answer is 2xx.
// Addresses on loopback, private or link-local networks are not fetched unless allowed
// (PASPORT_LINK_CHECK_PRIVATE): the checker must not become a way to probe the service's own network.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface LinkResult {
  ok: boolean;
  status: number | null;
  method: 'HEAD' | 'GET' | null;
  error: string | null;
  ms: number;
}
export interface LinkOptions {
  timeoutMs: number;
  allowPrivate: boolean;
}

const PRIVATE_V4 = [
  /^127\./,
  /^10\./,
  /^192\.168\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^169\.254\./,
  /^0\./,
  /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./,
];
export function isPrivateAddress(addr: string): boolean {
  const a = addr.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(a) === 4) return PRIVATE_V4.some((r) => r.test(a));
  if (isIP(a) === 6)
    return (
      a === '::1' ||
      a === '::' ||
      a.startsWith('fe80:') ||
      a.startsWith('fc') ||
      a.startsWith('fd') ||
      a.startsWith('::ffff:127.') ||
      a.startsWith('::ffff:10.') ||
      a.startsWith('::ffff:192.168.')
    );
  return a === 'localhost' || a.endsWith('.localhost');
}

async function refused(url: URL, opts: LinkOptions): Promise<string | null> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `unsupported scheme ${url.protocol}`;
  if (opts.allowPrivate) return null;
  if (isPrivateAddress(url.hostname)) return 'private address not checked';
  if (isIP(url.hostname.replace(/^\[|\]$/g, ''))) return null;
  try {
    const addrs = await lookup(url.hostname, { all: true });
    if (addrs.some((a) => isPrivateAddress(a.address))) return 'private address not checked';
  } catch (err) {
    return `DNS: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
  }
  return null;
}

async function attempt(
  url: string,
  method: 'HEAD' | 'GET',
  timeoutMs: number,
): Promise<{ status: number } | { error: string }> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      method,
      redirect: 'follow',
      signal: ac.signal,
      headers: { 'user-agent': 'Pasport-link-checker/1', ...(method === 'GET' ? { range: 'bytes=0-0' } : {}) },
    });
    // Only the status matters: drop the body unread.
    await res.body?.cancel().catch(() => {});
    return { status: res.status };
  } catch (err) {
    return {
      error: ac.signal.aborted
        ? `timeout after ${timeoutMs} ms`
        : ((err as Error & { cause?: Error }).cause?.message ?? (err as Error).message),
    };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkLink(raw: string, opts: LinkOptions): Promise<LinkResult> {
  const started = performance.now();
  const done = (r: Omit<LinkResult, 'ms'>): LinkResult => ({ ...r, ms: Math.round(performance.now() - started) });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return done({ ok: false, status: null, method: null, error: 'not a URL' });
  }
  const why = await refused(url, opts);
  if (why) return done({ ok: false, status: null, method: null, error: why });
  const head = await attempt(url.href, 'HEAD', opts.timeoutMs);
  if ('status' in head && head.status >= 200 && head.status < 300)
    return done({ ok: true, status: head.status, method: 'HEAD', error: null });
  const get = await attempt(url.href, 'GET', opts.timeoutMs);
  if ('status' in get)
    return done({ ok: get.status >= 200 && get.status < 300, status: get.status, method: 'GET', error: null });
  return done({ ok: false, status: 'status' in head ? head.status : null, method: 'GET', error: get.error });
}

/** Runs `fn` over items with at most `n` at a time. */
export async function pool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}
