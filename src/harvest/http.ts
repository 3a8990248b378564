// Fetching from a harvest source with the service's limits (PASPORT_HARVEST_TIMEOUT_MS / _MAX_BYTES).
import { fetchLimited, FetchError } from '../external/fetch.ts';
import type { GatherContext } from './types.ts';

export { FetchError };

export async function getText(
  g: GatherContext,
  url: string,
  accept?: string,
): Promise<{ text: string; contentType: string }> {
  const { requestTimeoutMs, maxBytes } = g.services.config.harvest;
  const timeout = Number(g.source.config.timeout_ms ?? requestTimeoutMs) || requestTimeoutMs;
  const r = await fetchLimited(url, {
    timeoutMs: timeout,
    maxBytes,
    headers: { ...(accept ? { Accept: accept } : {}), ...g.headers },
  });
  return { text: r.text(), contentType: r.contentType };
}

export async function getJson(g: GatherContext, url: string): Promise<{ body: unknown; text: string }> {
  const { text } = await getText(g, url, 'application/json');
  try {
    return { body: JSON.parse(text), text };
  } catch {
    throw new FetchError(`the answer of ${url} is not JSON`, url);
  }
}
