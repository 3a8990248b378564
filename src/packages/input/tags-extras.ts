// A dataset's tags (a list of dicts or names, and/or CKAN's comma-separated tag_string) and its
// free key/value extras, with CKAN's messages: an extra may not shadow a schema field.
import { scalarText } from '../../coerce.ts';
import { type FieldErrorLists, pushError } from '../field-input.ts';
import { tagErrors } from '../names.ts';
import { PASSPORT_ENUMS } from '../passport.ts';
import { CORE_FIELDS } from './core-fields.ts';

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

const field = (v: unknown, key: string) =>
  v && typeof v === 'object' ? scalarText((v as Record<string, unknown>)[key]) : null;

/** The tag names sent (each checked), without repeats, in the order sent. */
export function tagNames(data: Record<string, unknown>, errors: FieldErrorLists): string[] {
  const names: string[] = [];
  if (Array.isArray(data.tags)) {
    for (const t of data.tags) {
      const name = typeof t === 'string' ? t : field(t, 'name');
      if (name) names.push(name.trim());
      else pushError(errors, 'tags', 'Missing value');
    }
  } else if (!isBlank(data.tags)) pushError(errors, 'tags', 'Must be a list of dictionaries');
  if (typeof data.tag_string === 'string' && data.tag_string.trim()) {
    names.push(
      ...data.tag_string
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }
  for (const n of names) pushError(errors, 'tags', ...tagErrors(n));
  return [...new Set(names)];
}

/** Keys an extra may not take: the dataset's schema fields. */
export const RESERVED_EXTRA_KEYS: ReadonlySet<string> = new Set([
  ...CORE_FIELDS,
  'id',
  'state',
  'private',
  'type',
  'owner_org',
  'tags',
  'groups',
  'resources',
  'extras',
  ...Object.keys(PASSPORT_ENUMS),
  'passport_code',
  'title_translated',
  'notes_translated',
]);

/** The error of one extra's key (null when fine); `seen` holds the keys before it. */
export function extraKeyError(key: string | null, seen: ReadonlySet<string>): string | null {
  if (!key) return 'Missing value';
  if (seen.has(key)) return `Duplicate key "${key}"`;
  if (RESERVED_EXTRA_KEYS.has(key)) return 'There is a schema field with the same name';
  return null;
}

/** An extra's value as stored: text as sent, nothing as '', anything else as its JSON. */
const extraValue = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/** The extras list; each one's errors nested at its position, as CKAN reports them. */
export function extrasList(data: Record<string, unknown>, errors: FieldErrorLists): { key: string; value: string }[] {
  if (isBlank(data.extras)) return [];
  if (!Array.isArray(data.extras)) {
    pushError(errors, 'extras', 'Must be a list of dictionaries');
    return [];
  }
  const seen = new Set<string>();
  const nested: FieldErrorLists[] = [];
  const out: { key: string; value: string }[] = [];
  for (const e of data.extras) {
    const err: FieldErrorLists = {};
    const key = field(e, 'key');
    const problem = extraKeyError(key, seen);
    if (key) seen.add(key);
    nested.push(err);
    if (problem) pushError(err, 'key', problem);
    else out.push({ key: key as string, value: extraValue((e as Record<string, unknown>).value) });
  }
  if (nested.some((err) => Object.keys(err).length)) errors.extras = nested;
  return out;
}
