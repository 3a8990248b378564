// The DCAT gather: read the catalogue page, every dcat:Dataset on it, and follow Hydra paging the way
// ckanext-dcat's RDF harvester does: on a hydra:PagedCollection or hydra:PartialCollectionView, take
// hydra:next, else the deprecated hydra:nextPage, IRI or string literal alike. Always a full run (DCAT
// has no standard increment), so every guid is known and deletions are found.
import { getText } from './http.ts';
import { parseRdf, rdfFormatOf } from './rdf-parse.ts';
import { DCAT_DATASET, Graph, mapDcatDataset } from './map-dcat.ts';
import type { GatherContext, Gathered, RemoteDataset } from './types.ts';

const HYDRA = 'http://www.w3.org/ns/hydra/core#';
const ACCEPT = 'text/turtle, application/rdf+xml;q=0.9, application/ld+json;q=0.8, application/n-triples;q=0.7';
const MAX_PAGES = 100000;

function nextPage(g: Graph): string | null {
  for (const type of ['PagedCollection', 'PartialCollectionView']) {
    for (const s of g.subjectsOfType(HYDRA + type)) {
      const next = g.first(s, HYDRA + 'next') ?? g.first(s, HYDRA + 'nextPage');
      if (next) return next;
    }
  }
  return null;
}

export async function gatherDcat(g: GatherContext): Promise<Gathered> {
  const datasets: RemoteDataset[] = [];
  const errors: Gathered['errors'] = [];
  const allGuids = new Set<string>();
  const visited = new Set<string>();
  let url: string | null = g.source.url;
  while (url && visited.size < MAX_PAGES) {
    if (visited.has(url)) break;
    visited.add(url);
    const { text, contentType } = await getText(g, url, ACCEPT);
    const graph = new Graph(await parseRdf(text, rdfFormatOf(contentType, url, g.source.config.format), url));
    for (const node of graph.subjectsOfType(DCAT_DATASET)) {
      try {
        const m = mapDcatDataset(graph, node, g.services.config);
        if (allGuids.has(m.guid)) continue;
        allGuids.add(m.guid);
        datasets.push({ ...m, content: { uri: m.uri, guid: m.guid, page: url } });
      } catch (e) {
        errors.push({ guid: node.value, message: (e as Error).message });
      }
    }
    const next = nextPage(graph);
    url = next ? new URL(next, url).toString() : null;
    await g.tick(`page ${visited.size}`);
  }
  return { datasets, allGuids, cursor: null, errors };
}
