// A data.egov.kz-style API: the catalogue is a JSON list of passports in the Kazakh meta form (order 144:
// apiUri, nameKk/nameRu/nameEn, descriptionKk/..., keywords, responsible), paged with `from` and `size`
// as that portal's API pages its data; an item may wrap the meta as `{meta: {...}}`. The data of each
// passport is offered at `<origin>/api/v4/<apiUri>/<version>`, which becomes its resource. Kept simple
// on purpose: a full run each time, guid = apiUri.
import { FetchError, getJson } from './http.ts';
import { slug } from './map-dcat.ts';
import type { Config } from '../config.ts';
import type { GatherContext, Gathered, RemoteDataset } from './types.ts';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);
const SUFFIX: Record<string, string> = { Kk: 'kk', Ru: 'ru', En: 'en' };

function translations(meta: Record<string, any>, base: string, config: Config): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [suffix, lang] of Object.entries(SUFFIX)) {
    const v = meta[base + suffix];
    if (typeof v === 'string' && v.trim() && config.languages.includes(lang)) out[lang] = v;
  }
  return out;
}

export function mapEgov(item: Record<string, any>, origin: string, config: Config): RemoteDataset {
  const meta = isObj(item.meta) ? { ...item, ...item.meta } : item;
  const apiUri = meta.apiUri;
  if (typeof apiUri !== 'string' || !apiUri) throw new Error('an item without apiUri');
  const title = meta.nameRu ?? meta.nameKk ?? meta.nameEn ?? apiUri;
  const notes = meta.descriptionRu ?? meta.descriptionKk ?? meta.descriptionEn;
  const version = typeof meta.version === 'string' ? meta.version : 'v1';
  const dataUrl = typeof meta.dataUrl === 'string' ? meta.dataUrl : `${origin}/api/v4/${apiUri}/${version}`;
  const pkg: Record<string, unknown> = {
    name: slug(apiUri),
    title: String(title),
    resources: [{ name: String(title), url: dataUrl, format: 'JSON' }],
  };
  if (typeof notes === 'string') pkg.notes = notes;
  const tt = translations(meta, 'name', config);
  const nt = translations(meta, 'description', config);
  if (Object.keys(tt).length) pkg.title_translated = tt;
  if (Object.keys(nt).length) pkg.notes_translated = nt;
  if (Array.isArray(meta.keywords))
    pkg.tags = [
      ...new Set(
        meta.keywords
          .map(String)
          .map((k: string) => k.replace(/[^\p{L}\p{N} _.-]+/gu, ' ').trim())
          .filter((k: string) => k.length >= 2),
      ),
    ].map((name) => ({ name }));
  return {
    guid: apiUri,
    uri: dataUrl,
    modified: typeof meta.modified === 'string' ? meta.modified : null,
    pkg,
    content: item,
  };
}

export async function gatherEgov(g: GatherContext): Promise<Gathered> {
  const size = Math.min(1000, Number(g.source.config.size ?? 100) || 100);
  const origin = new URL(g.source.url).origin;
  const datasets: RemoteDataset[] = [];
  const errors: Gathered['errors'] = [];
  const allGuids = new Set<string>();
  for (let from = 0; ; from += size) {
    const u = new URL(g.source.url);
    u.searchParams.set('from', String(from));
    u.searchParams.set('size', String(size));
    const { body } = await getJson(g, u.toString());
    const list = Array.isArray(body) ? body : isObj(body) && Array.isArray(body.data) ? body.data : null;
    if (!list) throw new FetchError('expected a JSON list of passports (or {data: [...]})', u.toString());
    for (const item of list) {
      try {
        const d = mapEgov(isObj(item) ? item : {}, origin, g.services.config);
        if (allGuids.has(d.guid)) continue;
        allGuids.add(d.guid);
        datasets.push(d);
      } catch (e) {
        errors.push({ guid: `#${from}`, message: (e as Error).message, content: item });
      }
    }
    await g.tick(`from=${from}`);
    if (list.length < size) break;
  }
  return { datasets, allGuids, cursor: null, errors };
}
