// A memory cap for SPARQL queries. Oxigraph runs as WebAssembly in worker threads, and a WASM memory
// is outside V8's heap limits (resourceLimits do not bound it): a GROUP_CONCAT that grew to 4 GB ended
// in a trap ("unreachable") and a 500. While queries run, the process's resident size is sampled; over
// the cap (SPARQL_MAX_RSS_MB) the running queries are cancelled, their workers replaced (which frees
// their memory), and each caller gets SparqlMemoryLimit (503) instead.
const SAMPLE_MS = 100;

type Cancel = () => void;

const running = new Set<{ cancel: Cancel; limitBytes: number }>();
let timer: NodeJS.Timeout | null = null;

function sample() {
  const rss = process.memoryUsage.rss();
  for (const w of [...running]) {
    if (rss > w.limitBytes) {
      running.delete(w);
      w.cancel();
    }
  }
  if (!running.size && timer) {
    clearInterval(timer);
    timer = null;
  }
}

/** Watches the process while a query runs; returns the function that stops watching. */
export function watchMemory(limitMb: number, cancel: Cancel): () => void {
  if (!(limitMb > 0)) return () => {};
  const entry = { cancel, limitBytes: limitMb * 1024 * 1024 };
  running.add(entry);
  if (!timer) {
    timer = setInterval(sample, SAMPLE_MS);
    timer.unref();
  }
  return () => running.delete(entry);
}

/** Whether an engine failure is the engine running out of memory (a WASM trap, a worker heap limit). */
export function isMemoryFailure(err: unknown): boolean {
  const e = err as { engineName?: string; message?: string; code?: string } | null;
  if (!e) return false;
  if (e.engineName === 'RuntimeError') return true;
  return (
    e.code === 'ERR_WORKER_OUT_OF_MEMORY' ||
    /unreachable|out of memory|memory limit|memory access out of bounds|Array buffer allocation failed|Invalid string length|Invalid typed array length/i.test(
      e.message ?? '',
    )
  );
}
