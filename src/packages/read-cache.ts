// Serialised answers built from many datasets (package_list, package_search pages), kept until any
// dataset, organization, group or structure changes: every entry carries the package cache's version
// (src/packages/cache.ts), which every invalidation bumps, this instance's writes before they return
// and other instances' writes before the next cached read (src/packages/cache-sync.ts). A read that
// began before a write stores nothing: the version it started with is no longer current.
// Measured (bench/api.ts, 1,000 datasets): package_list built from the table cost ~4 ms a request.
import type { Services } from '../services.ts';
import { RawJson } from '../actions/types.ts';

const MAX_ENTRIES = 2000;
/** Bytes of JSON kept at most per cache, so a few huge pages cannot hold the heap. */
const MAX_BYTES = 64 * 1024 * 1024;

export class ReadCache {
  /** `size`: as counted when stored (the answer shrinks to bytes on its first send). */
  private entries = new Map<string, { version: number; answer: RawJson; size: number }>();
  private bytes = 0;
  private version = -1;
  hits = 0;
  misses = 0;

  constructor(private readonly services: Services) {}

  /** The cached answer for `key`, or `build()`'s, stored when no write happened meanwhile. */
  async get(key: string, build: () => Promise<string>): Promise<RawJson> {
    const cache = this.services.packageCache;
    const fresh = await cache.isFresh();
    const version = cache.version;
    const hit = fresh ? this.entries.get(key) : undefined;
    if (hit && hit.version === version) {
      this.hits++;
      return hit.answer;
    }
    this.misses++;
    const answer = new RawJson(await build());
    if (fresh && cache.version === version) this.put(key, version, answer);
    return answer;
  }

  private put(key: string, version: number, answer: RawJson): void {
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.size;
      this.entries.delete(key);
    }
    // Entries of an older version are dead weight: the first store after a write starts afresh.
    if (version !== this.version) {
      this.clear();
      this.version = version;
    }
    while (this.entries.size && (this.entries.size >= MAX_ENTRIES || this.bytes + answer.size > MAX_BYTES)) {
      const [k, v] = this.entries.entries().next().value!;
      this.entries.delete(k);
      this.bytes -= v.size;
    }
    const size = answer.size;
    if (size > MAX_BYTES / 8) return;
    this.entries.set(key, { version, answer, size });
    this.bytes += size;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

const caches = new WeakMap<Services, Map<string, ReadCache>>();

/** One cache per service and purpose ('package_list', 'package_search'). */
export function readCache(services: Services, name: string): ReadCache {
  let m = caches.get(services);
  if (!m) caches.set(services, (m = new Map()));
  let c = m.get(name);
  if (!c) m.set(name, (c = new ReadCache(services)));
  return c;
}
