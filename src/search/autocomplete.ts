// Shared pieces of the autocomplete actions. They read the core tables through the one visibility
// filter (src/packages/visibility.ts), so they are exact, never lag, and work with any engine.
import { escapeLike } from '../db/like.ts';

export function likePattern(q: string, prefixOnly = false): string {
  const esc = escapeLike(q);
  return prefixOnly ? `${esc}%` : `%${esc}%`;
}
