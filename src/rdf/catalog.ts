// The dcat:Catalog node: publisher, languages, licence, coverage, theme taxonomies, its two data
// services and the datasets (and records) it lists.
import type { Quad } from '@rdfjs/types';
import { PREFIXES, dcat, dct, foaf } from './namespaces.ts';
import { QuadBuilder, groupBySubject, dateTime, flexibleDate, httpIri, iri } from './terms.ts';
import { resolve, type MapOptions } from './context.ts';
import * as tables from './tables.ts';
import { TermDescriber, euLanguageIri, euLicenceIri, euCountryIri } from './vocab-terms.ts';
import {
  actionApiServiceInto,
  catalogPublisherIri,
  catalogPublisherInto,
  servesInto,
  sparqlServiceInto,
} from './services.ts';
import { schemeHeaderInto } from './schemes.ts';
import type { MappingContext } from './types.ts';

export interface CatalogOptions extends MapOptions {
  /** Newest `metadata_modified` of the listed datasets (dict timestamp); becomes dct:modified. */
  modified?: string | null;
  /** IRIs of the dcat:CatalogRecord nodes to link with dcat:record. */
  recordIris?: Iterable<string>;
  /** Describe the Action API and SPARQL services and link them (default true). */
  services?: boolean;
}

export function catalogQuads(ctx: MappingContext, datasetIris: Iterable<string>, opts: CatalogOptions = {}): Quad[] {
  const r = resolve(ctx);
  const b = new QuadBuilder();
  const seen = opts.seen ?? new Set<string>();
  const d = new TermDescriber(b, opts.describeTerms === false ? null : seen);
  const info = ctx.catalog;
  const cat = iri(r.uris.catalog());
  b.type(cat, dcat('Catalog'));
  b.translated(cat, dct('title'), info.title_translated, r.languages);
  b.translated(cat, dct('description'), info.description_translated, r.languages);
  b.iri(cat, dct('publisher'), catalogPublisherIri(r));
  catalogPublisherInto(r, b, d, seen);
  const home = httpIri(info.homepage) ?? r.uris.base + '/';
  b.iri(cat, foaf('homepage'), home);
  d.document(home);

  for (const code of new Set(r.languages.map(tables.euLanguageCode))) {
    if (!code) continue;
    b.iri(cat, dct('language'), euLanguageIri(code));
    d.language(code);
  }
  if (info.license) {
    const known = tables.licenceByCode(info.license);
    const value = known ? euLicenceIri(known.code) : httpIri(info.license);
    if (value) {
      b.iri(cat, dct('license'), value);
      d.licence(value, known?.en, known?.type ?? 'UnknownIPR');
    }
  }
  if (info.spatial) {
    if (/^[A-Z]{3}$/.test(info.spatial)) {
      b.iri(cat, dct('spatial'), euCountryIri(info.spatial));
      d.country(info.spatial);
    } else b.iri(cat, dct('spatial'), httpIri(info.spatial));
  }
  b.add(cat, dct('issued'), flexibleDate(info.issued));
  b.add(cat, dct('modified'), dateTime(opts.modified));

  b.iri(cat, dcat('themeTaxonomy'), PREFIXES.eu + 'data-theme');
  d.themeScheme();
  b.iri(cat, dcat('themeTaxonomy'), schemeHeaderInto('sphere', r, b, seen));

  const services = opts.services !== false;
  if (services) {
    b.iri(cat, dcat('service'), r.uris.actionApiService());
    b.iri(cat, dcat('service'), r.uris.sparqlService());
    actionApiServiceInto(r, b, d, seen);
    sparqlServiceInto(r, b, d, seen);
  }
  for (const ds of datasetIris) {
    b.iri(cat, dcat('dataset'), ds);
    if (services) {
      servesInto(b, seen, r.uris.actionApiService(), ds);
      servesInto(b, seen, r.uris.sparqlService(), ds);
    }
  }
  for (const rec of opts.recordIris ?? []) b.iri(cat, dcat('record'), rec);
  return groupBySubject(b.quads);
}
