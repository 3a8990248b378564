// The pharmacies descriptors are written for Kazakhstan (kk, ru, en). A descriptor carries one label per
// portal language, so for another portal the demo fills the missing languages from its translations
// (uz-Cyrl transliterated from uz) and drops the ones the portal does not offer.
import { descriptionKey, fullnameKey, labelKey, nameKey } from '../descriptor/languages.ts';
import { uzLatinToCyrillic } from './translit.ts';

type Obj = Record<string, any>;
interface Translation {
  name: string;
  description: string;
  fullname: string;
  fields: Record<string, string>;
}

const KNOWN = ['kk', 'ru', 'en', 'uz', 'uz-Cyrl'];

function pick(
  languages: string[],
  own: (l: string) => string | undefined,
  extra: (l: string) => string | undefined,
): Obj {
  const out: Obj = {};
  for (const l of languages) {
    const v = own(l) ?? extra(l) ?? (l === 'uz-Cyrl' && extra('uz') ? uzLatinToCyrillic(extra('uz')!) : undefined);
    if (v !== undefined) out[l] = v;
  }
  return out;
}

function relabel(obj: Obj, key: (l: string) => string, values: Obj): void {
  for (const l of KNOWN) delete obj[key(l)];
  for (const [l, v] of Object.entries(values)) obj[key(l)] = v;
}

function fields(src: Obj, languages: string[], tr: Record<string, Translation>, which: string, prefix = ''): Obj {
  const out: Obj = {};
  for (const [name, def] of Object.entries(src)) {
    const path = `${prefix}${name}`;
    const f: Obj = { ...def };
    relabel(
      f,
      labelKey,
      pick(
        languages,
        (l) => def[labelKey(l)],
        (l) => tr[l]?.fields[path],
      ),
    );
    if (def.fields) f.fields = fields(def.fields, languages, tr, which, `${path}.`);
    out[name] = f;
  }
  return out;
}

export function descriptorFor(
  src: Obj,
  which: string,
  languages: string[],
  translations: Record<string, Record<string, Translation>>,
): Obj {
  const tr: Record<string, Translation> = Object.fromEntries(
    Object.entries(translations).map(([l, t]) => [l, t[which]]),
  );
  const d: Obj = { ...src, responsible: { ...src.responsible } };
  relabel(
    d,
    nameKey,
    pick(
      languages,
      (l) => src[nameKey(l)],
      (l) => tr[l]?.name,
    ),
  );
  relabel(
    d,
    descriptionKey,
    pick(
      languages,
      (l) => src[descriptionKey(l)],
      (l) => tr[l]?.description,
    ),
  );
  relabel(
    d.responsible,
    fullnameKey,
    pick(
      languages,
      (l) => src.responsible[fullnameKey(l)],
      (l) => tr[l]?.fullname,
    ),
  );
  d.fields = fields(src.fields, languages, tr, which);
  return d;
}
