// The CKAN gather, as ckanext-harvest's CKANHarvester does it: GET package_search with rows, start and
// sort=id asc, stopping on the first empty page, refusing a server whose consecutive pages are
// identical; an incremental run filters on metadata_modified:[<cursor minus an hour> TO *]. Unlike it,
// the full list of the source's ids is read too (fl=id, cheap), so datasets deleted at the source are
// found and deleted here, even on an incremental run.
import { FetchError, getJson } from './http.ts';
import { mapCkan } from './map-ckan.ts';
import type { GatherContext, Gathered, RemoteDataset } from './types.ts';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

function searchUrl(g: GatherContext, params: Record<string, string>): string {
  const u = new URL(`${g.source.url.replace(/\/+$/, '')}/api/3/action/package_search`);
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** Filter terms from the source config (ckanext-harvest's organizations_filter_include/exclude). */
function filterTerms(config: Record<string, unknown>): string[] {
  const list = (k: string) => (Array.isArray(config[k]) ? (config[k] as unknown[]).map(String) : []);
  const inc = list('organizations_filter_include');
  if (inc.length) return [inc.map((o) => `organization:${o}`).join(' OR ')];
  return list('organizations_filter_exclude').map((o) => `-organization:${o}`);
}

async function* pages(
  g: GatherContext,
  fq: string[],
  rows: number,
  fl?: string,
): AsyncGenerator<Record<string, any>[]> {
  let previous = '';
  for (let start = 0; ; start += rows) {
    const params: Record<string, string> = { q: '*:*', rows: String(rows), start: String(start), sort: 'id asc' };
    if (fq.length) params.fq = fq.join(' ');
    if (fl) params.fl = fl;
    const url = searchUrl(g, params);
    const { body, text } = await getJson(g, url);
    if (text === previous) throw new FetchError("the paging doesn't seem to work: two pages had the same content", url);
    previous = text;
    if (!isObj(body) || body.success === false)
      throw new FetchError(`package_search failed: ${text.slice(0, 300)}`, url);
    const results = isObj(body.result) && Array.isArray(body.result.results) ? body.result.results : [];
    if (!results.length) return;
    yield results;
    await g.tick(`package_search start=${start}`);
  }
}

/** The increment in ckanext-harvest's form (`metadata_modified:[<ISO>Z TO *]`). It starts from the
 * newest metadata_modified the last run saw (the source's own clock, so no skew between servers) minus
 * ten minutes, for writes that committed late; ckanext-harvest uses its own gather start minus an hour. */
export function sinceTerm(cursor: string): string {
  const t = new Date(`${cursor.replace(/Z$/, '')}Z`).getTime() - 600000;
  return `metadata_modified:[${new Date(t).toISOString()} TO *]`;
}

export async function gatherCkan(g: GatherContext): Promise<Gathered> {
  const fq = filterTerms(g.source.config);
  const rows = Math.min(1000, Number(g.source.config.rows ?? 1000) || 1000);
  const allGuids = new Set<string>();
  for await (const page of pages(g, fq, rows, 'id'))
    for (const d of page) if (typeof d.id === 'string') allGuids.add(d.id);
  const since = g.source.config.force_all ? null : g.since;
  const seen = new Set<string>();
  const datasets: RemoteDataset[] = [];
  const errors: Gathered['errors'] = [];
  let cursor = g.since;
  for await (const page of pages(g, since ? [...fq, sinceTerm(since)] : fq, Math.min(rows, 500))) {
    for (const d of page) {
      if (!isObj(d) || typeof d.id !== 'string' || seen.has(d.id)) continue;
      seen.add(d.id);
      if (d.type === 'harvest') continue;
      const modified = typeof d.metadata_modified === 'string' ? d.metadata_modified : null;
      if (modified && (!cursor || modified > cursor)) cursor = modified;
      try {
        const base = g.source.url.replace(/\/+$/, '');
        datasets.push({
          guid: d.id,
          uri: `${base}/dataset/${d.name ?? d.id}`,
          modified,
          pkg: { id: d.id, ...mapCkan(d, g.services.config) },
          content: d,
        });
      } catch (e) {
        errors.push({ guid: d.id, message: (e as Error).message, content: d });
      }
    }
  }
  return { datasets, allGuids, cursor, errors };
}
