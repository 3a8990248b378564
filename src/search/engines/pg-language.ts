// Which PostgreSQL text-search configuration analyses each portal language. Uzbek (Latin or Cyrillic)
// and Kazakh have no snowball stemmer: they are indexed word for word ('simple').
const CONFIGS: Record<string, string> = {
  ru: 'russian',
  en: 'english',
  de: 'german',
  fr: 'french',
  es: 'spanish',
  tr: 'turkish',
  it: 'italian',
  pt: 'portuguese',
};

export function pgConfigFor(lang: string): string {
  return CONFIGS[lang.split('-')[0].toLowerCase()] ?? 'simple';
}

/** The distinct configurations the portal's languages need, 'simple' first. */
export function pgConfigs(languages: string[]): string[] {
  return [...new Set(['simple', ...languages.map(pgConfigFor)])];
}
