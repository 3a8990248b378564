// Hydra paging for catalogue pages, with ckanext-dcat's arithmetic. Links are written twice: as
// IRIs on hydra:next/previous/first/last (Hydra's range) and as the string literals on the
// deprecated hydra:*Page twins that ckanext-dcat writes and older harvesters read.
import type { Quad } from '@rdfjs/types';
import { hydra, xsd } from './namespaces.ts';
import { QuadBuilder, groupBySubject, iri, str, typed } from './terms.ts';

export interface PagingInfo {
  /** URL of page `n` of the current listing (same path and kept query parameters, `page=n`). */
  pageUri: (page: number) => string;
  /** Current page, 1-based. */
  page: number;
  itemsPerPage: number;
  totalItems: number;
}

export interface PageLinks {
  first: number;
  last: number;
  next?: number;
  previous?: number;
}

/** ckanext-dcat's page arithmetic; `previous` of a page past the end is the last page. */
export function pageLinks({ page, itemsPerPage, totalItems }: Omit<PagingInfo, 'pageUri'>): PageLinks {
  if (!Number.isInteger(page) || page < 1) throw new RangeError('page must be a positive integer starting in 1');
  if (!Number.isInteger(itemsPerPage) || itemsPerPage < 1)
    throw new RangeError('itemsPerPage must be a positive integer');
  const last = Math.max(1, Math.ceil(totalItems / itemsPerPage));
  const links: PageLinks = { first: 1, last };
  if (page * itemsPerPage < totalItems) links.next = page + 1;
  if (page > 1) links.previous = page - 1 > last ? last : page - 1;
  return links;
}

/** hydra:PagedCollection + hydra:PartialCollectionView on the current page URL; none when empty. */
export function hydraPagingQuads(info: PagingInfo): Quad[] {
  const b = new QuadBuilder();
  if (info.totalItems <= 0) return groupBySubject(b.quads);
  const links = pageLinks(info);
  const view = iri(info.pageUri(info.page));
  b.type(view, hydra('PagedCollection'), hydra('PartialCollectionView'));
  b.add(view, hydra('totalItems'), typed(String(info.totalItems), xsd('integer')));
  b.add(view, hydra('itemsPerPage'), typed(String(info.itemsPerPage), xsd('integer')));
  for (const rel of ['first', 'previous', 'next', 'last'] as const) {
    const n = links[rel];
    if (n === undefined) continue;
    const url = info.pageUri(n);
    b.iri(view, hydra(rel), url);
    b.add(view, hydra(`${rel}Page`), str(url));
  }
  return groupBySubject(b.quads);
}
