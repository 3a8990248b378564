// The `cursor` parameter: an opaque token holding the sort and the last sort key of a page, so a
// harvester can walk a large catalog completely, whatever changes meanwhile, at constant cost per page.
import { SearchQueryError } from '../errors.ts';
import { pyArgs } from './py-repr.ts';

export const CURSOR_START = '*';

export interface CursorPosition {
  key?: unknown[];
  offset?: number;
}

/** A key where the engine can seek; an offset where it cannot (Meilisearch). */
export function encodeCursor(sort: string, pos: CursorPosition): string {
  return Buffer.from(JSON.stringify(pos.key ? { s: sort, k: pos.key } : { s: sort, o: pos.offset ?? 0 })).toString(
    'base64url',
  );
}

export function decodeCursor(token: string, sort: string): CursorPosition | null {
  if (token === CURSOR_START) return null;
  let parsed: { s?: unknown; k?: unknown; o?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new SearchQueryError(pyArgs('Invalid "cursor" parameter'));
  }
  const offsetOk = typeof parsed?.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0;
  if (!parsed || (!Array.isArray(parsed.k) && !offsetOk))
    throw new SearchQueryError(pyArgs('Invalid "cursor" parameter'));
  if (parsed.s !== sort) throw new SearchQueryError(pyArgs('The "cursor" was made for another sort'));
  return Array.isArray(parsed.k) ? { key: parsed.k } : { offset: parsed.o as number };
}
