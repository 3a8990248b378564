// The controlled-vocabulary tables under vocab/ (EU authority tables, IANA media types, sphere ->
// theme fallback), loaded once at import. Data files, not code, so the operator can review them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const VOCAB_DIR = fileURLToPath(new URL('../../vocab/', import.meta.url));

function load<T>(rel: string): T {
  return JSON.parse(readFileSync(VOCAB_DIR + rel, 'utf8')) as T;
}

type Labels = Record<string, string>;

export interface FileType {
  code: string;
  mediaType: string | null;
}
export interface Licence {
  code: string;
  type: string;
  en: string;
}

const languages = load<{ tags: Record<string, string>; codes: Record<string, Labels> }>('eu/languages.json');
const frequencies = load<{ map: Record<string, string>; codes: Record<string, Labels> }>('eu/frequencies.json');
const themes = load<{ codes: Record<string, Labels> }>('eu/data-themes.json');
const fileTypes = load<{ formats: Record<string, FileType>; aliases: Record<string, string>; services: string[] }>(
  'eu/file-types.json',
);
const licences = load<{ map: Record<string, Licence> }>('eu/licences.json');
const countries = load<{ codes: Record<string, Labels & { bbox?: string; centroid?: string }> }>('eu/countries.json');
const sphereThemes = load<{ map: Record<string, string>; default: string }>('sphere-themes.json');

/** EU language code for a BCP 47 tag (`uz-Cyrl` -> `UZB`); falls back on the primary subtag. */
export function euLanguageCode(tag: string): string | undefined {
  if (languages.tags[tag]) return languages.tags[tag];
  const lower = Object.keys(languages.tags).find((k) => k.toLowerCase() === tag.toLowerCase());
  if (lower) return languages.tags[lower];
  return languages.tags[tag.split('-')[0].toLowerCase()];
}
export const languageLabels = (code: string): Labels | undefined => languages.codes[code];

export const frequencyCode = (f: string | null | undefined): string | undefined => (f ? frequencies.map[f] : undefined);
export const frequencyLabels = (code: string): Labels | undefined => frequencies.codes[code];

export const isThemeCode = (code: string | null | undefined): code is string => !!code && code in themes.codes;
export const themeLabels = (code: string): Labels | undefined => themes.codes[code];

/** The EU theme for a sphere: its own `eu_theme` if valid, else the mapping file, else its default. */
export function sphereThemeCode(name: string, euTheme?: string | null): string {
  if (isThemeCode(euTheme)) return euTheme;
  const mapped = sphereThemes.map[name];
  return isThemeCode(mapped) ? mapped : sphereThemes.default;
}

export function fileType(format: string | null | undefined): FileType | undefined {
  if (!format) return undefined;
  const key = format.trim().toUpperCase().replace(/^\./, '');
  return fileTypes.formats[key] ?? fileTypes.formats[fileTypes.aliases[key] ?? ''];
}
export const isServiceFileType = (ft: FileType | undefined): boolean => !!ft && fileTypes.services.includes(ft.code);

export const licence = (licenseId: string | null | undefined): Licence | undefined =>
  licenseId ? licences.map[licenseId] : undefined;

/** A licence by its EU table code (`CC_BY_4_0`). */
export const licenceByCode = (code: string): Licence | undefined =>
  Object.values(licences.map).find((l) => l.code === code);

export const country = (code: string) => countries.codes[code];
