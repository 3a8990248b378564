// Input pieces shared by the dataset and dictionary (organization, group, structure) writers: the
// per-field error lists of a CKAN Validation Error, and {lang: text} objects for the portal languages.
export type FieldErrorLists = Record<string, unknown>;

export function pushError(errors: FieldErrorLists, key: string, ...msgs: string[]): void {
  if (!msgs.length) return;
  errors[key] = [...((errors[key] as string[] | undefined) ?? []), ...msgs];
}

/** A {lang: text} object (or its JSON text) limited to the portal languages; empty values are dropped. */
export function translatedInput(
  v: unknown,
  field: string,
  languages: string[],
  errors: FieldErrorLists,
): Record<string, string> {
  if (v === undefined || v === null || v === '') return {};
  let obj: unknown = v;
  if (typeof v === 'string') {
    try {
      obj = JSON.parse(v);
    } catch {
      pushError(errors, field, 'Must be a JSON object keyed by language code');
      return {};
    }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    pushError(errors, field, 'Must be an object keyed by language code');
    return {};
  }
  const out: Record<string, string> = {};
  for (const [lang, text] of Object.entries(obj)) {
    if (!languages.includes(lang)) {
      pushError(errors, field, `Unknown language "${lang}"; expected one of ${languages.join(', ')}`);
      continue;
    }
    if (text === null || text === '') continue;
    if (typeof text !== 'string') {
      pushError(errors, field, `Value for "${lang}" must be a string`);
      continue;
    }
    out[lang] = text;
  }
  return out;
}

/** What is stored for a plain field and its translations (null on create). `shown` is the plain value
 * as *_show returns it (a dataset's title falls back to its name), which is what a client sends back. */
export interface StoredPair {
  shown: string | null;
  plain: string | null;
  translated: Record<string, string>;
}

export interface PairInput {
  plainKey: string;
  translatedKey: string;
  /** The default language: the plain field is its translation. */
  lang: string;
  plain: string | null;
  plainSent: boolean;
  translated: Record<string, string>;
  translatedSent: boolean;
  stored: StoredPair | null;
  /** Neither member sent on update: keep the stored pair (groups) rather than clear it (datasets). */
  keepWhenMissing: boolean;
}

/**
 * The one rule for every plain/translated pair (title/title_translated, notes/notes_translated,
 * description/description_translated): on create the translation wins; on update and patch the member
 * that differs from what is stored wins, so a client that sends back the whole dict after editing one
 * of the two never loses that edit; when both differ and disagree, a Validation Error names both.
 */
export function reconcilePair(
  p: PairInput,
  errors: FieldErrorLists,
): { plain: string | null; translated: Record<string, string> } {
  const tr = { ...p.translated };
  const set = (v: string | null) => {
    if (v) tr[p.lang] = v;
    else delete tr[p.lang];
    return { plain: v, translated: tr };
  };
  const plain = p.plain || null;
  const inTr = tr[p.lang] || null;
  const s = p.stored;
  if (!s) return set(inTr ?? plain);
  const plainChanged = p.plainSent && plain !== (s.shown || null);
  const trChanged = p.translatedSent && inTr !== (s.translated[p.lang] || null);
  if (plainChanged && trChanged && plain !== inTr) {
    const msg = `${p.plainKey} and ${p.translatedKey}.${p.lang} were both changed, to different values: send one of them`;
    pushError(errors, p.plainKey, msg);
    pushError(errors, p.translatedKey, msg);
    return set(plain);
  }
  if (plainChanged) return set(plain);
  if (trChanged) return set(inTr);
  if (p.plainSent || p.translatedSent || p.keepWhenMissing) return set(s.plain || s.translated[p.lang] || null);
  return set(null);
}
