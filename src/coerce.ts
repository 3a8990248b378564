// Turning request values into text: the coercions the input readers and rules share, one place, each
// named for its rule (they differ on purpose: a CKAN form posts numbers and booleans as text, an empty
// field means "not given" for a reference but is kept as sent for a dataset's core fields).

/** A string as sent ('' kept); a number or boolean as its text; anything else null. */
export function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** As scalarText, with '' read as "not given" (null). */
export function nonEmptyText(v: unknown): string | null {
  return v === '' ? null : scalarText(v);
}

/** A reference (id or name): a non-empty string, or a number as its text; booleans are no reference. */
export function refText(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return String(v);
  return null;
}

/** A non-empty string, else null: for values that must have been sent as text (token ids, user refs). */
export function stringOnly(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** A string with its surrounding blanks removed, or null when nothing is left (identity-provider claims). */
export function trimmedText(v: unknown): string | null {
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}
