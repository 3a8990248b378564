// package_show's cache: the serialised package dict plus what authorization needs to decide who may
// read it. Every write invalidates the dataset's entry after commit; a per-id generation stops a read
// that began before a write from storing what it read.
export interface CachedPackage {
  id: string;
  name: string;
  state: string;
  private: boolean;
  owner_org: string | null;
  creator_user_id: string | null;
  /** The dict, serialised (and encoded on its first send, then kept as bytes). */
  answer: RawJson;
  /** The day the dict was built: overdue_days moves with the calendar. */
  day?: string;
}

import { isUuid } from '../db/ref.ts';
import type { RawJson } from '../actions/raw-json.ts';

const MAX = 20000;
// Made once: isFresh runs before every cached read.
const FRESH = Promise.resolve(true);
const yes = () => true;
const no = () => false;

export class PackageCache {
  private byId = new Map<string, CachedPackage>();
  private idByName = new Map<string, string>();
  private gens = new Map<string, number>();
  private globalGen = 0;
  /** Bumped by every invalidation: caches built from many datasets (package_list, search pages) compare it. */
  version = 0;
  /** Set by cache-sync.ts on PostgreSQL: applies other instances' writes before a cache is read. */
  fresh?: () => Promise<void>;

  /** `today` is the portal's calendar day (its clock, its time zone). */
  constructor(private readonly today: () => string = () => new Date().toISOString().slice(0, 10)) {}

  lookup(idOrName: string): CachedPackage | undefined {
    // The id wins, as in the database lookup (db/ref.ts); a UUID-shaped name is left to the database,
    // which knows whether a dataset has that id.
    const id = this.byId.has(idOrName) || isUuid(idOrName) ? idOrName : this.idByName.get(idOrName);
    const e = id === undefined ? undefined : this.byId.get(id);
    if (e && e.day !== this.today()) {
      this.invalidate(e.id);
      return undefined;
    }
    return e;
  }

  /** A token to hand back to `store`: the store is dropped if the dataset changed in between. */
  generation(id: string): string {
    return `${this.globalGen}:${this.gens.get(id) ?? 0}`;
  }

  store(entry: CachedPackage, generation: string): void {
    if (generation !== this.generation(entry.id)) return;
    if (this.byId.size >= MAX) this.clear();
    this.byId.set(entry.id, { ...entry, day: this.today() });
    this.idByName.set(entry.name, entry.id);
  }

  invalidate(id: string): void {
    const e = this.byId.get(id);
    if (e) this.idByName.delete(e.name);
    this.byId.delete(id);
    this.gens.set(id, (this.gens.get(id) ?? 0) + 1);
    this.version++;
  }

  /** True when this instance has seen every write that returned before the call (cache-sync.ts). */
  isFresh(): Promise<boolean> {
    if (!this.fresh) return FRESH;
    // The outbox unreadable: the caches cannot be trusted, so the caller reads the tables instead.
    return this.fresh().then(yes, no);
  }

  /** Org or group changes alter every embedded copy; membership changes alter who may read. */
  clear(): void {
    this.byId.clear();
    this.idByName.clear();
    this.gens.clear();
    this.globalGen++;
    this.version++;
  }
}
