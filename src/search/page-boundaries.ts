// Deep offset paging without the offset: when a client walks a result list page by page (the
// harvester's start += 100 with sort=id asc), the last sort key of each page is remembered so the next
// page seeks straight to it. Entries expire; a client that jumps to an unknown start gets OFFSET.
const MAX = 2000;
const TTL_MS = 15 * 60 * 1000;

export class PageBoundaries {
  private entries = new Map<string, { key: unknown[]; at: number }>();

  get(signature: string, start: number): unknown[] | undefined {
    const k = `${start}|${signature}`;
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (Date.now() - e.at > TTL_MS) {
      this.entries.delete(k);
      return undefined;
    }
    return e.key;
  }

  set(signature: string, start: number, key: unknown[]): void {
    if (this.entries.size >= MAX) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(`${start}|${signature}`, { key, at: Date.now() });
  }

  clear(): void {
    this.entries.clear();
  }
}
