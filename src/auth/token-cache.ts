// A short-lived map from token hash to user, so the hot read path does not query the database for every
// request. Revoking a token or changing a user clears it; entries also expire after a few seconds, which
// bounds staleness when another instance made the change. Concurrent requests with a token not yet
// cached share one lookup: a client opening 32 connections at once with a new token made 32 reads and
// 64 updates of its token and user rows (bench/citizens.ts: 7,692 lookups for 10,000 votes by 500
// tokens, each update waiting on the others' row locks for 1.3-1.5 ms).
import type { AuthUser } from './types.ts';

const TTL_MS = 5000;
const MAX = 10000;

export class TokenCache {
  private map = new Map<string, { user: AuthUser | null; until: number; expiresAt: string | null }>();
  private pending = new Map<string, Promise<AuthUser | null>>();
  /** Bumped by clear(): a lookup that began before a revoke must not cache what it read. */
  generation = 0;

  get(hash: string): AuthUser | null | undefined {
    const e = this.map.get(hash);
    if (!e) return undefined;
    const now = Date.now();
    if (e.until < now || (e.expiresAt && new Date(e.expiresAt + 'Z').getTime() < now)) {
      this.map.delete(hash);
      return undefined;
    }
    return e.user;
  }

  /** The cached user, or the one `read` finds, read once however many requests ask at the same time. */
  async lookup(
    hash: string,
    read: () => Promise<{ user: AuthUser | null; expiresAt: string | null }>,
  ): Promise<AuthUser | null> {
    const hit = this.get(hash);
    if (hit !== undefined) return hit;
    let p = this.pending.get(hash);
    if (!p) {
      const generation = this.generation;
      p = read()
        .then(({ user, expiresAt }) => {
          this.set(hash, user, expiresAt, generation);
          return user;
        })
        .finally(() => this.pending.delete(hash));
      this.pending.set(hash, p);
    }
    return p;
  }

  set(hash: string, user: AuthUser | null, expiresAt: string | null, generation = this.generation): void {
    if (generation !== this.generation) return;
    if (this.map.size >= MAX) this.map.clear();
    this.map.set(hash, { user, until: Date.now() + TTL_MS, expiresAt });
  }

  clear(): void {
    this.generation++;
    this.map.clear();
    // A lookup under way read the state before the change: later requests must not join it.
    this.pending.clear();
  }
}
