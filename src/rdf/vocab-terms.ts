// IRIs of controlled-vocabulary values (EU tables, IANA, ADMS, SPDX) and, optionally, a short
// description of each: rdf:type of the DCAT-AP range class + skos:Concept, prefLabel, inScheme.
// The EU tables type their entries only as skos:Concept (SEMICeu/DCAT-AP#55), so documents that
// carry these few triples pass the range and vocabulary shapes without loading the tables.
import type { NamedNode } from '@rdfjs/types';
import { EU_TABLE, PREFIXES, dcat, dct, foaf, gsp, skos, spdx } from './namespaces.ts';
import { QuadBuilder, iri, langStr, typed } from './terms.ts';
import * as tables from './tables.ts';

const EU = PREFIXES.eu;
export const PUBLISHER_TYPE_SCHEME = 'http://purl.org/adms/publishertype/1.0';
export const LICENCE_TYPE_SCHEME = 'http://purl.org/adms/licencetype/1.0';

export const euLanguageIri = (code: string) => EU_TABLE.language + code;
export const euFrequencyIri = (code: string) => EU_TABLE.frequency + code;
export const euThemeIri = (code: string) => EU_TABLE.dataTheme + code;
export const euFileTypeIri = (code: string) => EU_TABLE.fileType + code;
export const euLicenceIri = (code: string) => EU_TABLE.licence + code;
export const euAccessRightIri = (code: string) => EU_TABLE.accessRight + code;
export const euAvailabilityIri = (code: string) => EU_TABLE.plannedAvailability + code;
export const euCountryIri = (code: string) => EU_TABLE.country + code;
export const ianaIri = (mediaType: string) => PREFIXES.iana + mediaType;
export const publisherTypeIri = (local: string) => `http://purl.org/adms/publishertype/${local}`;
export const licenceTypeIri = (local: string) => `http://purl.org/adms/licencetype/${local}`;
export const CHANGE_TYPE_SCHEME = 'http://purl.org/adms/changetype/1.0';
export const changeTypeIri = (local: 'Created' | 'Updated' | 'Deleted') => `http://purl.org/adms/changetype/${local}`;
export const spdxAlgorithmIri = (alg: string) => `${PREFIXES.spdx}checksumAlgorithm_${alg}`;

/**
 * Describes each referenced vocabulary IRI once per `seen` set. Passing one `seen` across a whole
 * page or export keeps the descriptions from repeating (memory stays bounded by the vocabulary size).
 */
export class TermDescriber {
  constructor(
    private readonly b: QuadBuilder,
    private readonly seen: Set<string> | null,
  ) {}

  /** True the first time an IRI is met (always true without a `seen` set: then nothing is described). */
  private first(value: string): boolean {
    if (!this.seen || this.seen.has(value)) return false;
    this.seen.add(value);
    return true;
  }

  private concept(value: string, scheme: string, label: string | undefined, ...classes: NamedNode[]): void {
    if (!this.first(value)) return;
    const s = iri(value);
    this.b.type(s, ...classes, skos('Concept'));
    this.b.add(s, skos('prefLabel'), langStr(label ?? value.slice(value.lastIndexOf('/') + 1), 'en'));
    this.b.iri(s, skos('inScheme'), scheme);
  }

  language(code: string): void {
    this.concept(euLanguageIri(code), EU + 'language', tables.languageLabels(code)?.en, dct('LinguisticSystem'));
  }
  frequency(code: string): void {
    this.concept(euFrequencyIri(code), EU + 'frequency', tables.frequencyLabels(code)?.en, dct('Frequency'));
  }
  theme(code: string): void {
    this.concept(euThemeIri(code), EU + 'data-theme', tables.themeLabels(code)?.en);
  }
  fileType(code: string): void {
    this.concept(euFileTypeIri(code), EU + 'file-type', code, dct('MediaTypeOrExtent'));
  }
  accessRight(code: string): void {
    this.concept(euAccessRightIri(code), EU + 'access-right', code.toLowerCase(), dct('RightsStatement'));
  }
  availability(code: string): void {
    this.concept(euAvailabilityIri(code), EU + 'planned-availability', code.toLowerCase());
  }
  publisherType(local: string): void {
    const label = local.replace(/([a-z])([A-Z])/g, '$1 $2');
    this.concept(publisherTypeIri(local), PUBLISHER_TYPE_SCHEME, label);
  }
  changeType(local: 'Created' | 'Updated' | 'Deleted'): void {
    this.concept(changeTypeIri(local), CHANGE_TYPE_SCHEME, local.toLowerCase());
  }
  country(code: string): void {
    const value = euCountryIri(code);
    if (!this.first(value)) return;
    const s = iri(value);
    const c = tables.country(code);
    this.b.type(s, dct('Location'), skos('Concept'));
    this.b.add(s, skos('prefLabel'), langStr(c?.en ?? code, 'en'));
    this.b.iri(s, skos('inScheme'), EU + 'country');
    if (c?.bbox) this.b.add(s, dcat('bbox'), typed(c.bbox, gsp('wktLiteral')));
    if (c?.centroid) this.b.add(s, dcat('centroid'), typed(c.centroid, gsp('wktLiteral')));
  }
  /** A licence: an EU table entry (with its ADMS type) or another IRI (typed UnknownIPR). */
  licence(value: string, label: string | undefined, admsType: string): void {
    if (!this.first(value)) return;
    const s = iri(value);
    const inEu = value.startsWith(EU_TABLE.licence);
    this.b.type(s, dct('LicenseDocument'));
    if (inEu) {
      this.b.type(s, skos('Concept'));
      this.b.add(s, skos('prefLabel'), langStr(label ?? value, 'en'));
      this.b.iri(s, skos('inScheme'), EU + 'licence');
    }
    this.b.iri(s, dct('type'), licenceTypeIri(admsType));
    this.concept(licenceTypeIri(admsType), LICENCE_TYPE_SCHEME, admsType.replace(/([a-z])([A-Z])/g, '$1 $2'));
  }
  mediaType(mediaType: string): void {
    const value = ianaIri(mediaType);
    if (this.first(value)) this.b.type(iri(value), dct('MediaType'));
  }
  checksumAlgorithm(alg: string): void {
    const value = spdxAlgorithmIri(alg);
    if (this.first(value)) this.b.type(iri(value), spdx('ChecksumAlgorithm'));
  }
  standard(value: string): void {
    if (this.first(value)) this.b.type(iri(value), dct('Standard'));
  }
  document(value: string): void {
    if (this.first(value)) this.b.type(iri(value), foaf('Document'));
  }
  /** The EU data-theme scheme itself (the catalogue's dcat:themeTaxonomy). */
  themeScheme(): void {
    const value = EU + 'data-theme';
    if (!this.first(value)) return;
    const s = iri(value);
    this.b.type(s, skos('ConceptScheme'));
    this.b.add(s, dct('title'), langStr('Data theme', 'en'));
  }
}
