// What a store query answers: the result (bytes, decoded on demand) and an engine failure as the
// SparqlError the protocol answers with.
import type { QueryForm } from './analyze.ts';
import { isMemoryFailure } from './memory-guard.ts';
import { SparqlEngineError, SparqlError, SparqlMalformed, SparqlMemoryLimit } from './errors.ts';
import type { StoreQueryResult } from './types.ts';

export function answer(
  bytes: Buffer,
  contentType: string,
  form: QueryForm,
  truncated: boolean,
  engineMs: number,
  cache?: 'hit' | 'miss',
): StoreQueryResult {
  let body: string | undefined;
  return {
    contentType,
    get body() {
      return (body ??= bytes.toString('utf8'));
    },
    bytes,
    form,
    truncated,
    engineMs,
    ...(cache ? { cache } : {}),
  };
}

/** An engine failure as the SparqlError the protocol answers. */
export function engineError(e: unknown, form: QueryForm | null): SparqlError {
  if (e instanceof SparqlError) return e;
  if (isMemoryFailure(e)) return new SparqlMemoryLimit();
  const msg = (e as Error).message;
  if (/^error at \d+:\d+/.test(msg) || /^Parse error|expected/i.test(msg)) return new SparqlMalformed(msg);
  if (form === null) return new SparqlMalformed(msg);
  return new SparqlEngineError(msg);
}
