// A resource -> dcat:Distribution (with its licence, checksum, rights and data services); the
// external API of a passport -> a distribution served by a dcat:DataService. Split from dataset.ts.
import type { NamedNode } from '@rdfjs/types';
import { dcat, dcatap, dct, rdfs, spdx, xsd } from './namespaces.ts';
import { QuadBuilder, dateTime, httpIri, iri, langStr, mailto, nonNegInt, str, typed } from './terms.ts';
import type { Resolved } from './context.ts';
import * as tables from './tables.ts';
import {
  TermDescriber,
  euAccessRightIri,
  euFileTypeIri,
  euLicenceIri,
  euThemeIri,
  ianaIri,
  spdxAlgorithmIri,
  euAvailabilityIri,
} from './vocab-terms.ts';
import { actionApiServiceInto, servesInto } from './services.ts';
import type { PackageDict, ResourceDict, Translated } from './types.ts';

function licenceFor(pkg: PackageDict, res: ResourceDict, b: QuadBuilder, d: TermDescriber, dist: NamedNode) {
  const id = res.license_id || pkg.license_id;
  const known = tables.licence(id);
  if (known) {
    const value = euLicenceIri(known.code);
    b.iri(dist, dct('license'), value);
    d.licence(value, known.en, known.type);
    return;
  }
  const url = httpIri(pkg.license_url);
  if (url) {
    b.iri(dist, dct('license'), url);
    d.licence(url, pkg.license_title ?? undefined, 'UnknownIPR');
  }
}

const ALGORITHMS: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
};
const BY_LENGTH: Record<number, string> = {
  32: 'md5',
  40: 'sha1',
  56: 'sha224',
  64: 'sha256',
  96: 'sha384',
  128: 'sha512',
};

/** `sha256:abc…`, or bare hex with the algorithm from `hash_algorithm` or the digest length. */
function parseHash(hash: string | null | undefined, algorithm: string | null | undefined) {
  const m = /^(?:([a-z0-9-]+)[:=])?([0-9a-f]+)$/i.exec(hash?.trim() ?? '');
  if (!m || m[2].length % 2) return undefined;
  const name = (algorithm || m[1] || '').toLowerCase().replace(/-/g, '');
  const alg = ALGORITHMS[name] ?? (name ? undefined : BY_LENGTH[m[2].length]);
  return alg ? { alg, hex: m[2].toLowerCase() } : undefined;
}

/**
 * Resource `rights` (a flattened custom key: text, or {lang: text}) -> dct:rights, a
 * dct:RightsStatement at a hash IRI labelled in each language (what MQA's "Rights" indicator reads).
 */
function rightsInto(res: ResourceDict, r: Resolved, b: QuadBuilder, dist: NamedNode, distIri: string): void {
  const value = res.rights;
  const translated =
    value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : null;
  const plain = typeof value === 'string' && value.trim() ? value.trim() : null;
  if (!plain && !(translated && Object.values(translated).some((v) => typeof v === 'string' && v.trim()))) return;
  const node = iri(`${distIri}#rights`);
  b.iri(dist, dct('rights'), node.value);
  b.type(node, dct('RightsStatement'));
  if (translated) b.translated(node, rdfs('label'), translated, r.languages);
  else b.add(node, rdfs('label'), str(plain!));
}

/** Resource `availability` (a flattened custom key) -> EU planned-availability code. */
const AVAILABILITY: Record<string, string> = {
  available: 'AVAILABLE',
  stable: 'STABLE',
  temporary: 'TEMPORARY',
  experimental: 'EXPERIMENTAL',
};

function isApiResource(res: ResourceDict, ft: tables.FileType | undefined): boolean {
  return res.resource_type === 'api' || tables.isServiceFileType(ft);
}

export function distribution(
  pkg: PackageDict,
  res: ResourceDict,
  r: Resolved,
  b: QuadBuilder,
  d: TermDescriber,
  seen: Set<string>,
  ds: NamedNode,
  orgIri: string | null,
  forceApi: boolean,
): void {
  const distIri = r.uris.distribution(pkg.id, res.id);
  const dist = iri(distIri);
  b.iri(ds, dcat('distribution'), distIri);
  b.type(dist, dcat('Distribution'));
  b.text(dist, dct('title'), res.name_translated, res.name, r.languages);
  b.text(dist, dct('description'), res.description_translated, res.description, r.languages);

  const ft = tables.fileType(res.format);
  const api = forceApi || isApiResource(res, ft);
  const url = httpIri(res.url);
  // accessURL is mandatory: a resource without a usable URL points at the dataset page.
  b.iri(dist, dcat('accessURL'), url ?? r.uris.dataset(pkg.id));
  if (url && !api) b.iri(dist, dcat('downloadURL'), url);

  if (ft) {
    b.iri(dist, dct('format'), euFileTypeIri(ft.code));
    d.fileType(ft.code);
  }
  const declared = res.mimetype?.trim().toLowerCase();
  const mediaType =
    declared && /^[a-z]+\/[a-z0-9.+-]+$/.test(declared) && !/\/x-/.test(declared) ? declared : ft?.mediaType;
  if (mediaType) {
    b.iri(dist, dcat('mediaType'), ianaIri(mediaType));
    d.mediaType(mediaType);
  }
  licenceFor(pkg, res, b, d, dist);
  rightsInto(res, r, b, dist, distIri);
  const availability = typeof res.availability === 'string' ? AVAILABILITY[res.availability.toLowerCase()] : undefined;
  if (availability) {
    b.iri(dist, dcatap('availability'), euAvailabilityIri(availability));
    d.availability(availability);
  }

  const size = typeof res.size === 'string' && /^\d+$/.test(res.size) ? Number(res.size) : res.size;
  if (typeof size === 'number' && Number.isSafeInteger(size) && size >= 0)
    b.add(dist, dcat('byteSize'), nonNegInt(size));

  const h = parseHash(res.hash, res.hash_algorithm);
  if (h) {
    const c = iri(`${distIri}#checksum`);
    b.iri(dist, spdx('checksum'), c.value);
    b.type(c, spdx('Checksum'));
    b.iri(c, spdx('algorithm'), spdxAlgorithmIri(h.alg));
    b.add(c, spdx('checksumValue'), typed(h.hex, xsd('hexBinary')));
    d.checksumAlgorithm(h.alg);
  }
  b.add(dist, dct('issued'), dateTime(res.created));
  b.add(dist, dct('modified'), dateTime(res.last_modified || res.metadata_modified));

  if (api && url) {
    const svcIri = r.uris.resourceService(pkg.id, res.id);
    b.iri(dist, dcat('accessService'), svcIri);
    dataServiceInto(svcIri, url, res.name_translated, res.name, pkg, r, b, d, ds, orgIri);
  }
  if (res.datastore_active) {
    // DataStore-backed resources are also served by the catalogue's own Action API.
    const svc = r.uris.actionApiService();
    b.iri(dist, dcat('accessService'), svc);
    servesInto(b, seen, svc, ds.value);
    actionApiServiceInto(r, b, d, seen);
  }
}

/** An API registered by the author (provision `external`): a distribution served by a DataService. */
export function externalApiDistribution(
  pkg: PackageDict,
  url: string,
  r: Resolved,
  b: QuadBuilder,
  d: TermDescriber,
  ds: NamedNode,
  orgIri: string | null,
): void {
  const distIri = r.uris.externalApiDistribution(pkg.id);
  const dist = iri(distIri);
  b.iri(ds, dcat('distribution'), distIri);
  b.type(dist, dcat('Distribution'));
  b.text(dist, dct('title'), pkg.title_translated, pkg.title ?? pkg.name, r.languages);
  b.add(dist, dct('description'), langStr(`API: ${url}`, 'en'));
  b.iri(dist, dcat('accessURL'), url);
  licenceFor(pkg, { id: '' }, b, d, dist);
  const svcIri = r.uris.externalApiService(pkg.id);
  b.iri(dist, dcat('accessService'), svcIri);
  dataServiceInto(svcIri, url, pkg.title_translated, pkg.title ?? pkg.name, pkg, r, b, d, ds, orgIri);
}

function dataServiceInto(
  svcIri: string,
  endpoint: string,
  title: Translated | null | undefined,
  fallbackTitle: string | null | undefined,
  pkg: PackageDict,
  r: Resolved,
  b: QuadBuilder,
  d: TermDescriber,
  ds: NamedNode,
  orgIri: string | null,
): void {
  const svc = iri(svcIri);
  b.type(svc, dcat('DataService'));
  if (!b.text(svc, dct('title'), title, fallbackTitle, r.languages)) b.add(svc, dct('title'), str(endpoint));
  b.iri(svc, dcat('endpointURL'), endpoint);
  b.iri(svc, dcat('servesDataset'), ds.value);
  if (orgIri) b.iri(svc, dct('publisher'), orgIri);
  b.iri(svc, dct('accessRights'), euAccessRightIri('PUBLIC'));
  const contact = mailto(pkg.responsible?.email)
    ? r.uris.contact(ds.value, 'responsible')
    : orgIri
      ? r.uris.contact(orgIri, 'contact')
      : null;
  if (contact) b.iri(svc, dcat('contactPoint'), contact);
  if (pkg.sphere) {
    const theme = tables.sphereThemeCode(pkg.sphere, r.ctx.spheres[pkg.sphere]?.eu_theme);
    b.iri(svc, dcat('theme'), euThemeIri(theme));
    d.theme(theme);
  }
}
