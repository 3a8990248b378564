// The catalogue's own agents and services: its publisher, its contact point, and the two
// dcat:DataService nodes (CKAN Action API and SPARQL endpoint) that serve its datasets.
import { dcat, dct, foaf, vcard } from './namespaces.ts';
import { QuadBuilder, iri, langStr, mailto } from './terms.ts';
import type { Resolved } from './context.ts';
import { TermDescriber, euAccessRightIri, euThemeIri, publisherTypeIri } from './vocab-terms.ts';

export const CKAN_API_STANDARD = 'https://docs.ckan.org/en/2.11/api/';
export const SPARQL_PROTOCOL_STANDARD = 'https://www.w3.org/TR/sparql11-protocol/';

export const catalogPublisherIri = (r: Resolved) => r.ctx.catalog.publisher.uri || `${r.uris.catalog()}#publisher`;
export const catalogContactIri = (r: Resolved) => `${r.uris.catalog()}#contact`;

export function catalogPublisherInto(r: Resolved, b: QuadBuilder, d: TermDescriber, seen: Set<string>): void {
  const p = r.ctx.catalog.publisher;
  const pubIri = catalogPublisherIri(r);
  if (!seen.has(pubIri)) {
    seen.add(pubIri);
    const a = iri(pubIri);
    b.type(a, foaf('Agent'), foaf('Organization'));
    if (!b.translated(a, foaf('name'), p.name_translated, r.languages)) b.add(a, foaf('name'), langStr(pubIri, 'en'));
    b.iri(a, foaf('mbox'), mailto(p.email));
    b.iri(a, dct('type'), publisherTypeIri(r.defaultPublisherType));
    d.publisherType(r.defaultPublisherType);
  }
  const cIri = catalogContactIri(r);
  if (!seen.has(cIri)) {
    seen.add(cIri);
    const c = iri(cIri);
    b.type(c, vcard('Kind'), vcard('Organization'));
    b.translated(c, vcard('fn'), p.name_translated, r.languages);
    b.iri(c, vcard('hasEmail'), mailto(p.email));
    b.iri(c, vcard('hasURL'), r.ctx.catalog.homepage);
  }
}

/** `svc dcat:servesDataset ds`, once per `seen` set (several resources may reach the same service). */
export function servesInto(b: QuadBuilder, seen: Set<string>, svcIri: string, dsIri: string): void {
  const key = `${svcIri} ${dsIri}`;
  if (seen.has(key)) return;
  seen.add(key);
  b.iri(iri(svcIri), dcat('servesDataset'), dsIri);
}

interface ServiceSpec {
  iri: string;
  endpoint: string;
  description: string;
  standard: string;
  title: Record<string, string>;
  keywords: string[];
}

const TITLES = {
  actionApi: { uz: 'CKAN Action API', 'uz-Cyrl': 'CKAN Action API', ru: 'CKAN Action API', en: 'CKAN Action API' },
  sparql: {
    uz: 'Katalog metamaʼlumotlarining SPARQL nuqtasi',
    'uz-Cyrl': 'Каталог метамаълумотларининг SPARQL нуқтаси',
    ru: 'SPARQL-точка метаданных каталога',
    en: 'SPARQL endpoint of the catalogue metadata',
  },
} as const;

function serviceInto(spec: ServiceSpec, r: Resolved, b: QuadBuilder, d: TermDescriber, seen: Set<string>): void {
  if (seen.has(spec.iri)) return;
  seen.add(spec.iri);
  const s = iri(spec.iri);
  b.type(s, dcat('DataService'));
  let titled = 0;
  for (const lang of r.languages) {
    const t = (spec.title as Record<string, string>)[lang];
    if (t) {
      b.add(s, dct('title'), langStr(t, lang));
      titled++;
    }
  }
  if (!titled) b.add(s, dct('title'), langStr(spec.title.en, 'en'));
  b.iri(s, dcat('endpointURL'), spec.endpoint);
  b.iri(s, dcat('endpointDescription'), spec.description);
  b.iri(s, dct('conformsTo'), spec.standard);
  d.standard(spec.standard);
  for (const k of spec.keywords) b.add(s, dcat('keyword'), langStr(k, 'en'));
  b.iri(s, dcat('theme'), euThemeIri('GOVE'));
  d.theme('GOVE');
  b.iri(s, dct('accessRights'), euAccessRightIri('PUBLIC'));
  d.accessRight('PUBLIC');
  b.iri(s, dct('publisher'), catalogPublisherIri(r));
  b.iri(s, dcat('contactPoint'), catalogContactIri(r));
  catalogPublisherInto(r, b, d, seen);
}

/** The CKAN-compatible Action API (`${base}/api/3/action/`) as a dcat:DataService. */
export function actionApiServiceInto(r: Resolved, b: QuadBuilder, d: TermDescriber, seen: Set<string>): void {
  serviceInto(
    {
      iri: r.uris.actionApiService(),
      endpoint: r.uris.actionApi(),
      description: r.uris.actionApiDescription(),
      standard: CKAN_API_STANDARD,
      title: TITLES.actionApi,
      keywords: ['CKAN', 'API'],
    },
    r,
    b,
    d,
    seen,
  );
}

/** The SPARQL 1.1 endpoint (`${base}/sparql`); its service description is served at the endpoint. */
export function sparqlServiceInto(r: Resolved, b: QuadBuilder, d: TermDescriber, seen: Set<string>): void {
  serviceInto(
    {
      iri: r.uris.sparqlService(),
      endpoint: r.uris.sparqlEndpoint(),
      description: r.uris.sparqlEndpoint(),
      standard: SPARQL_PROTOCOL_STANDARD,
      title: TITLES.sparql,
      keywords: ['SPARQL', 'metadata'],
    },
    r,
    b,
    d,
    seen,
  );
}
