// Input pieces shared by the dataset and dictionary (organization, group, structure) writers: the
// per-field error lists of a CKAN Validation Error, and {lang: text} objects for the portal languages.
export type FieldErrorLists = Record<string, unknown>;

export function pushError(errors: FieldErrorLists, key: string, ...msgs: string[]): void {
  if (!msgs.length) return;
  errors[key] = [...((errors[key] as string[] | undefined) ?? []), ...msgs];
}

/** A {lang: text} object (or its JSON text) limited to the portal languages; empty values are dropped. */
export function translatedInput(v: unknown, field: string, languages: string[], errors: FieldErrorLists): Record<string, string> {
  if (v === undefined || v === null || v === '') return {};
  let obj: unknown = v;
  if (typeof v === 'string') {
    try { obj = JSON.parse(v); } catch { pushError(errors, field, 'Must be a JSON object keyed by language code'); return {}; }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) { pushError(errors, field, 'Must be an object keyed by language code'); return {}; }
  const out: Record<string, string> = {};
  for (const [lang, text] of Object.entries(obj)) {
    if (!languages.includes(lang)) { pushError(errors, field, `Unknown language "${lang}"; expected one of ${languages.join(', ')}`); continue; }
    if (text === null || text === '') continue;
    if (typeof text !== 'string') { pushError(errors, field, `Value for "${lang}" must be a string`); continue; }
    out[lang] = text;
  }
  return out;
}
