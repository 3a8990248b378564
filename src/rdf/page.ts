// Whole documents composed from the mapping pieces with one shared `seen` set, so organizations,
// services and vocabulary terms appear once: a catalogue page, a dataset document, and the
// streaming quads of a full export.
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { dcat } from './namespaces.ts';
import { QuadBuilder, groupBySubject, iri } from './terms.ts';
import { servesInto } from './services.ts';
import { resolve, type MapOptions } from './context.ts';
import { catalogQuads } from './catalog.ts';
import { catalogRecordQuads, datasetQuads } from './dataset.ts';
import { hydraPagingQuads, type PagingInfo } from './hydra.ts';
import { isPublishable } from './publishable.ts';
import type { MappingContext, PackageDict } from './types.ts';

export interface CatalogPageInput extends Omit<PagingInfo, 'page'>, MapOptions {
  page: number;
  /** The datasets of this page (all must be publishable: filter with isPublishable first). */
  packages: PackageDict[];
  /** Also write a dcat:CatalogRecord per dataset (default true). */
  records?: boolean;
  /** Newest metadata_modified of the whole catalogue; default: newest on this page. */
  modified?: string | null;
}

const newest = (pkgs: PackageDict[]) =>
  pkgs.reduce<string | null>(
    (m, p) => (p.metadata_modified && (!m || p.metadata_modified > m) ? p.metadata_modified : m),
    null,
  );

/** A catalogue page: dcat:Catalog, each dataset in full, records, and Hydra paging. */
export function catalogPageQuads(ctx: MappingContext, input: CatalogPageInput): Quad[] {
  const r = resolve(ctx);
  const seen = input.seen ?? new Set<string>();
  const opts = { seen, describeTerms: input.describeTerms };
  const records = input.records !== false;
  const out: Quad[] = catalogQuads(
    ctx,
    input.packages.map((p) => r.uris.dataset(p.id)),
    {
      ...opts,
      modified: input.modified ?? newest(input.packages),
      recordIris: records ? input.packages.map((p) => r.uris.catalogRecord(p.id)) : [],
    },
  );
  for (const pkg of input.packages) {
    for (const q of datasetQuads(pkg, ctx, opts)) out.push(q);
    if (records) for (const q of catalogRecordQuads(pkg, ctx, opts)) out.push(q);
  }
  for (const q of hydraPagingQuads(input)) out.push(q);
  return groupBySubject(out);
}

/** A standalone dataset document (`/dataset/{id}.{fmt}`): the dataset and its catalogue record. */
export function datasetDocumentQuads(
  pkg: PackageDict,
  ctx: MappingContext,
  opts: Pick<MapOptions, 'describeTerms'> = {},
): Quad[] {
  const seen = new Set<string>();
  const out = datasetQuads(pkg, ctx, { ...opts, seen });
  for (const q of catalogRecordQuads(pkg, ctx, { ...opts, seen })) out.push(q);
  return groupBySubject(out);
}

/** The same quads in a named graph (one graph per dataset lets the store replace a record atomically). */
export function inGraph(quads: Iterable<Quad>, graphIri: string): Quad[] {
  const g = iri(graphIri);
  const out: Quad[] = [];
  for (const q of quads) out.push(DataFactory.quad(q.subject, q.predicate, q.object, g));
  return out;
}

export interface ExportStats {
  datasets: number;
  skipped: number;
}

/**
 * Every publishable dataset of a (possibly huge) package stream as quads, one dataset at a time:
 * memory holds one dataset plus the `seen` set of shared nodes. Unpublishable packages are
 * skipped and counted, never mapped.
 */
export async function* exportQuads(
  packages: AsyncIterable<PackageDict> | Iterable<PackageDict>,
  ctx: MappingContext,
  opts: { modified?: string | null; records?: boolean; describeTerms?: boolean; stats?: ExportStats } = {},
): AsyncGenerator<Quad[]> {
  const r = resolve(ctx);
  const seen = new Set<string>();
  const stats = opts.stats ?? { datasets: 0, skipped: 0 };
  const records = opts.records !== false;
  yield catalogQuads(ctx, [], { seen, modified: opts.modified, describeTerms: opts.describeTerms });
  const cat = iri(r.uris.catalog());
  for await (const pkg of packages) {
    if (!isPublishable(pkg)) {
      stats.skipped++;
      continue;
    }
    const ds = iri(r.uris.dataset(pkg.id));
    const out = datasetQuads(pkg, ctx, { seen, describeTerms: opts.describeTerms });
    const links = new QuadBuilder();
    links.add(cat, dcat('dataset'), ds);
    servesInto(links, seen, r.uris.actionApiService(), ds.value);
    servesInto(links, seen, r.uris.sparqlService(), ds.value);
    if (records) {
      links.add(cat, dcat('record'), iri(r.uris.catalogRecord(pkg.id)));
      for (const q of catalogRecordQuads(pkg, ctx, { seen, describeTerms: opts.describeTerms })) out.push(q);
    }
    for (const q of links.quads) out.push(q);
    stats.datasets++;
    yield groupBySubject(out);
  }
}
