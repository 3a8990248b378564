// Pasport's own text fields of organizations and spheres, as a table: the field, how its text is
// normalised, and the checks it passes (src/validators.ts). On update a field that is not sent keeps
// its stored value (CKAN: ignore_missing), so CKAN clients never wipe them.
import { failures, httpUrl, maxLength, oneOf, pattern, email, type Check } from '../../validators.ts';

/** The EU data-theme codes (publications office "data-theme" table) a sphere may map to. */
export const EU_THEMES = [
  'AGRI',
  'ECON',
  'EDUC',
  'ENER',
  'ENVI',
  'GOVE',
  'HEAL',
  'INTR',
  'JUST',
  'OP_DATPRO',
  'REGI',
  'SOCI',
  'TECH',
  'TRAN',
];

interface TextField {
  key: 'code' | 'email' | 'phone' | 'website' | 'icon_url' | 'eu_theme';
  normalise?: (v: string) => string;
  checks: readonly Check[];
}

export const GROUP_TEXT_FIELDS: readonly TextField[] = [
  { key: 'code', checks: [pattern(/^\d{3}$/, 'Must be a 3-digit code, such as 001')] },
  { key: 'email', checks: [email] },
  { key: 'phone', checks: [maxLength(50)] },
  { key: 'website', checks: [httpUrl] },
  { key: 'icon_url', checks: [] },
  { key: 'eu_theme', normalise: (v) => v.toUpperCase(), checks: [oneOf(EU_THEMES)] },
];

export type GroupTextValues = Record<TextField['key'], string | null>;

/** Reads every field of the table: `read` gives the sent text (or null), `sent` whether the key was sent. */
export function groupTextFields(
  sent: (key: string) => boolean,
  read: (key: string) => string | null,
  stored: Partial<GroupTextValues> | null,
  push: (key: string, ...messages: string[]) => void,
): GroupTextValues {
  const out = {} as GroupTextValues;
  for (const f of GROUP_TEXT_FIELDS) {
    if (!sent(f.key)) {
      out[f.key] = stored?.[f.key] ?? null;
      continue;
    }
    const raw = read(f.key);
    const v = raw !== null && f.normalise ? f.normalise(raw) : raw;
    push(f.key, ...failures(v, f.checks));
    out[f.key] = v;
  }
  return out;
}
