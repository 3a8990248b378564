// Every request to another system (a provider's API, a harvested catalogue) goes through here: a time
// limit on the whole exchange, a size limit read as the body streams in (a huge or endless body is cut
// off, never buffered), and errors that say what happened in words an author can act on.
export class FetchError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface FetchOptions {
  timeoutMs: number;
  maxBytes: number;
  headers?: Record<string, string>;
}

export interface Fetched {
  status: number;
  contentType: string;
  bytes: Uint8Array;
  text(): string;
}

export async function fetchLimited(url: string, opts: FetchOptions): Promise<Fetched> {
  if (!/^https?:\/\//i.test(url)) throw new FetchError('only http(s) URLs can be fetched', url);
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), opts.timeoutMs);
  try {
    const res = await fetch(url, {
      headers: { 'User-Agent': 'Pasport harvester', ...opts.headers },
      signal: ctl.signal,
      redirect: 'follow',
    });
    if (res.status >= 400) {
      await res.body?.cancel().catch(() => {});
      throw new FetchError(`HTTP ${res.status} from ${url}`, url, res.status);
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > opts.maxBytes)
      throw new FetchError(`the response is ${declared} bytes, over the limit of ${opts.maxBytes}`, url, res.status);
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body ?? []) {
      size += chunk.byteLength;
      if (size > opts.maxBytes) {
        ctl.abort();
        throw new FetchError(`the response is over the limit of ${opts.maxBytes} bytes`, url, res.status);
      }
      chunks.push(chunk);
    }
    const bytes = Buffer.concat(chunks);
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      bytes,
      text: () => new TextDecoder().decode(bytes),
    };
  } catch (e) {
    if (e instanceof FetchError) throw e;
    if (ctl.signal.aborted)
      throw new FetchError(`no complete answer from ${url} within ${opts.timeoutMs} ms (timed out)`, url);
    throw new FetchError(
      `cannot fetch ${url}: ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`,
      url,
    );
  } finally {
    clearTimeout(timer);
  }
}
