// Namespaces used by the mapping, and the prefix table the serialisers share, so Turtle, RDF/XML and
// the JSON-LD context all abbreviate the same way.
import { DataFactory } from 'n3';
import type { NamedNode } from '@rdfjs/types';

/**
 * Pasport's own vocabulary lives in each deployment's namespace (config `vocabNs`, default
 * `{SITE_URL}/ns#`), where it is served, so its terms dereference. This is the path under the site.
 */
export const VOCAB_PATH = '/ns';
export const defaultVocabNs = (baseUri: string) => `${baseUri.replace(/\/+$/, '')}${VOCAB_PATH}#`;

export const PREFIXES = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  owl: 'http://www.w3.org/2002/07/owl#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  dcatap: 'http://data.europa.eu/r5r/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  spdx: 'http://spdx.org/rdf/terms#',
  adms: 'http://www.w3.org/ns/adms#',
  org: 'http://www.w3.org/ns/org#',
  schema: 'http://schema.org/',
  hydra: 'http://www.w3.org/ns/hydra/core#',
  locn: 'http://www.w3.org/ns/locn#',
  gsp: 'http://www.opengis.net/ont/geosparql#',
  eu: 'http://publications.europa.eu/resource/authority/',
  lang: 'http://publications.europa.eu/resource/authority/language/',
  freq: 'http://publications.europa.eu/resource/authority/frequency/',
  theme: 'http://publications.europa.eu/resource/authority/data-theme/',
  ftype: 'http://publications.europa.eu/resource/authority/file-type/',
  lic: 'http://publications.europa.eu/resource/authority/licence/',
  access: 'http://publications.europa.eu/resource/authority/access-right/',
  avail: 'http://publications.europa.eu/resource/authority/planned-availability/',
  country: 'http://publications.europa.eu/resource/authority/country/',
  iana: 'https://www.iana.org/assignments/media-types/',
} as const;

export type Prefix = keyof typeof PREFIXES;

/** A namespace as a function: `dcat('Dataset')` -> NamedNode. Terms are memoised (hot path of the export). */
export function namespace(base: string): (local: string) => NamedNode {
  const cache = new Map<string, NamedNode>();
  return (local: string) => {
    let t = cache.get(local);
    if (!t) {
      t = DataFactory.namedNode(base + local);
      cache.set(local, t);
    }
    return t;
  };
}

export const rdf = namespace(PREFIXES.rdf);
export const rdfs = namespace(PREFIXES.rdfs);
export const xsd = namespace(PREFIXES.xsd);
export const owl = namespace(PREFIXES.owl);
export const dcat = namespace(PREFIXES.dcat);
export const dct = namespace(PREFIXES.dct);
export const dcatap = namespace(PREFIXES.dcatap);
export const foaf = namespace(PREFIXES.foaf);
export const vcard = namespace(PREFIXES.vcard);
export const skos = namespace(PREFIXES.skos);
export const spdx = namespace(PREFIXES.spdx);
export const adms = namespace(PREFIXES.adms);
export const org = namespace(PREFIXES.org);
export const schema = namespace(PREFIXES.schema);
export const hydra = namespace(PREFIXES.hydra);
export const locn = namespace(PREFIXES.locn);
export const gsp = namespace(PREFIXES.gsp);
export const eu = namespace(PREFIXES.eu);

/** EU Publications Office authority tables (one prefix per table; see vocab/README.md). */
export const EU_TABLE = {
  language: PREFIXES.lang,
  frequency: PREFIXES.freq,
  dataTheme: PREFIXES.theme,
  fileType: PREFIXES.ftype,
  licence: PREFIXES.lic,
  accessRight: PREFIXES.access,
  plannedAvailability: PREFIXES.avail,
  country: PREFIXES.country,
} as const;

export const RDF_TYPE = rdf('type');
