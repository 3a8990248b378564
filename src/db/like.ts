// LIKE/ILIKE patterns from user text: `\`, `%` and `_` are escaped (PostgreSQL's default escape
// character is the backslash), so a search for "50%" finds "50%" and not every "50...".
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The pattern for "contains `text`". */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** The pattern for "starts with `text`". */
export function prefixPattern(text: string): string {
  return `${escapeLike(text)}%`;
}
