// Shared pieces of the autocomplete actions. They read the core tables through the one visibility
// filter (src/packages/visibility.ts), so they are exact, never lag, and work with any engine.
export function likePattern(q: string, prefixOnly = false): string {
  const esc = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  return prefixOnly ? `${esc}%` : `%${esc}%`;
}
