// A CKAN package dict (from package_search, as ckanext-harvest reads it) -> package_create input. Only
// what a catalogue record carries: core fields, translations in the portal's languages, free tags,
// extras and resources. Local concerns (organization, passport code, groups, state) are not copied.
import type { Config } from '../config.ts';
import { CORE_FIELDS as CORE } from '../packages/input/core-fields.ts';

const RESOURCE_KEYS = ['name', 'url', 'format', 'description', 'mimetype', 'resource_type'] as const;
/** Extras a harvest writes itself: never copied from the source (a harvested harvest stays ours). */
export const HARVEST_EXTRAS = new Set([
  'harvest_object_id',
  'harvest_source_id',
  'harvest_source_title',
  'harvest_url',
  'guid',
  'uri',
  'source_uri',
]);

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function inLanguages(v: unknown, config: Config): Record<string, string> | undefined {
  if (!isObj(v)) return undefined;
  const out: Record<string, string> = {};
  for (const lang of config.languages) if (typeof v[lang] === 'string' && v[lang].trim()) out[lang] = v[lang];
  return Object.keys(out).length ? out : undefined;
}

export function mapCkan(d: Record<string, any>, config: Config): Record<string, unknown> {
  const pkg: Record<string, unknown> = {};
  for (const k of CORE) if (typeof d[k] === 'string' && d[k] !== '') pkg[k] = d[k];
  const tt = inLanguages(d.title_translated, config);
  const nt = inLanguages(d.notes_translated, config);
  if (tt) pkg.title_translated = tt;
  if (nt) pkg.notes_translated = nt;
  if (Array.isArray(d.tags))
    pkg.tags = d.tags.filter((t: any) => isObj(t) && typeof t.name === 'string').map((t: any) => ({ name: t.name }));
  if (Array.isArray(d.extras)) {
    pkg.extras = d.extras
      .filter((e: any) => isObj(e) && typeof e.key === 'string' && !HARVEST_EXTRAS.has(e.key))
      .map((e: any) => ({ key: e.key, value: typeof e.value === 'string' ? e.value : JSON.stringify(e.value) }));
  }
  if (Array.isArray(d.resources)) {
    pkg.resources = d.resources.filter(isObj).map((r) => {
      const out: Record<string, unknown> = {};
      for (const k of RESOURCE_KEYS) if (typeof r[k] === 'string' && r[k] !== '') out[k] = r[k];
      out.url ??= '';
      return out;
    });
  }
  return pkg;
}
