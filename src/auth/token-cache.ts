// A short-lived map from token hash to user, so the hot read path does not query the database for every
// request. Revoking a token or changing a user clears it; entries also expire after a few seconds, which
// bounds staleness when another instance made the change.
import type { AuthUser } from './types.ts';

const TTL_MS = 5000;
const MAX = 10000;

export class TokenCache {
  private map = new Map<string, { user: AuthUser | null; until: number; expiresAt: string | null }>();
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

  set(hash: string, user: AuthUser | null, expiresAt: string | null, generation = this.generation): void {
    if (generation !== this.generation) return;
    if (this.map.size >= MAX) this.map.clear();
    this.map.set(hash, { user, until: Date.now() + TTL_MS, expiresAt });
  }

  clear(): void {
    this.generation++;
    this.map.clear();
  }
}
