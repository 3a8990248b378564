// Portal languages and the key suffixes the format derives from them: kk -> Kk, uz-Cyrl -> UzCyrl.

/** The portal's default languages (PASPORT_LANGUAGES). */
export const DEFAULT_LANGUAGES: readonly string[] = ['uz', 'uz-Cyrl', 'ru', 'en'];

/** `kk` -> `Kk`, `uz-Cyrl` -> `UzCyrl`, `zh-Hant-TW` -> `ZhHantTw`. */
export function langSuffix(lang: string): string {
  return lang
    .split(/[-_]/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1).toLowerCase())
    .join('');
}

export const labelKey = (lang: string) => `label${langSuffix(lang)}` as const;
export const nameKey = (lang: string) => `name${langSuffix(lang)}` as const;
export const descriptionKey = (lang: string) => `description${langSuffix(lang)}` as const;
export const fullnameKey = (lang: string) => `fullname${langSuffix(lang)}` as const;
