// Counts and facets depend only on the query and the caller's visibility, not on sort or page, and
// they are the expensive part of a search (a scan of every match). They are kept for a few seconds,
// and dropped at once whenever this process writes to the index; the TTL bounds staleness when
// another process wrote.
const MAX = 500;

export class ResultCache<T> {
  private entries = new Map<string, { at: number; gen: number; value: T }>();
  private gen = 0;
  enabled = true;

  constructor(private readonly ttlMs = 10000) {}

  /** Every write to the index calls this. */
  invalidate(): void {
    this.gen++;
    this.entries.clear();
  }

  async get(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.enabled) return compute();
    const hit = this.entries.get(key);
    if (hit && hit.gen === this.gen && Date.now() - hit.at < this.ttlMs) {
      // refresh its place: the map's order is the eviction order
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const gen = this.gen;
    const value = await compute();
    if (gen === this.gen) {
      if (this.entries.size >= MAX) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { at: Date.now(), gen, value });
    }
    return value;
  }
}
