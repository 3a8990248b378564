// The showcases built on a dataset (src/content) as DCAT-AP "related resource" (dct:relation; the
// property DCAT-AP 3 gives for resources related to a dataset, ckanext-dcat's `related_resource`).
// Each gets an IRI of its own under the site, titled per language, with the app's URL as its page.
import type { NamedNode } from '@rdfjs/types';
import { dct, foaf } from './namespaces.ts';
import { httpIri, iri, type QuadBuilder } from './terms.ts';
import type { Resolved } from './context.ts';
import type { PackageDict } from './types.ts';

export function relatedInto(pkg: PackageDict, r: Resolved, b: QuadBuilder, ds: NamedNode): void {
  const showcases = Array.isArray(pkg.showcases) ? pkg.showcases : [];
  for (const sc of showcases) {
    const node = iri(`${r.uris.base}/showcase/${encodeURIComponent(sc.id)}`);
    b.add(ds, dct('relation'), node);
    b.text(node, dct('title'), sc.title_translated, sc.name, r.languages);
    const page = httpIri(sc.url);
    if (page) b.iri(node, foaf('page'), page);
  }
}
