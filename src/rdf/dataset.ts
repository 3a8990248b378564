// Package dict -> dcat:Dataset with its distributions, contact points, coverage and the passport
// properties. The only place a dataset becomes RDF: feeds, the SPARQL store and dumps all call it.
import type { NamedNode, Quad } from '@rdfjs/types';
import { adms, dcat, dct, foaf, schema, vcard, xsd } from './namespaces.ts';
import {
  QuadBuilder,
  groupBySubject,
  bool,
  date,
  dateTime,
  flexibleDate,
  httpIri,
  iri,
  langStr,
  mailto,
  nonNegInt,
  presentLanguages,
  str,
  tel,
  typed,
} from './terms.ts';
import { resolve, type MapOptions, type Resolved } from './context.ts';
import { assertPublishable } from './publishable.ts';
import * as tables from './tables.ts';
import {
  TermDescriber,
  euAccessRightIri,
  euFrequencyIri,
  euLanguageIri,
  euThemeIri,
  changeTypeIri,
} from './vocab-terms.ts';
import { organizationInto, sphereInto } from './agents.ts';
import { relatedInto } from './related.ts';
import { qualityInto } from './quality.ts';
import { distribution, externalApiDistribution } from './distribution.ts';
import type { ContactDict, MappingContext, PackageDict } from './types.ts';

/** Pasport vocabulary concept IRIs for the passport enumerations (declared in vocab/pasport.ttl). */
export const passportConcept = (scheme: 'priority' | 'relevance' | 'provision', value: string, vocabNs: string) =>
  `${vocabNs}${scheme}-${value}`;

/** The DCAT-AP dataset description of a publishable package. Throws NotPublishableError otherwise. */
export function datasetQuads(pkg: PackageDict, ctx: MappingContext, opts: MapOptions = {}): Quad[] {
  assertPublishable(pkg);
  const r = resolve(ctx);
  const b = new QuadBuilder();
  const seen = opts.seen ?? new Set<string>();
  const d = new TermDescriber(b, opts.describeTerms === false ? null : seen);
  writeDataset(pkg, r, b, d, seen);
  return groupBySubject(b.quads);
}

function writeDataset(pkg: PackageDict, r: Resolved, b: QuadBuilder, d: TermDescriber, seen: Set<string>): void {
  const { uris, languages } = r;
  const dsIri = uris.dataset(pkg.id);
  const ds = iri(dsIri);
  b.type(ds, dcat('Dataset'));
  seen.add(dsIri);

  // Title and description are mandatory; an empty description falls back to the title so the
  // record stays valid rather than being silently dropped from the catalogue.
  b.text(ds, dct('title'), pkg.title_translated, pkg.title ?? pkg.name, languages);
  if (!b.text(ds, dct('description'), pkg.notes_translated, pkg.notes, languages)) {
    b.text(ds, dct('description'), pkg.title_translated, pkg.title ?? pkg.name, languages);
  }
  b.add(ds, dct('identifier'), str(pkg.passport_code || pkg.id));
  keywords(pkg, r, b, ds);

  const langs = presentLanguages(pkg.title_translated, languages);
  for (const code of new Set((langs.length ? langs : [r.defaultLanguage]).map(tables.euLanguageCode))) {
    if (!code) continue;
    b.iri(ds, dct('language'), euLanguageIri(code));
    d.language(code);
  }

  // Publisher: the owning organization, described as a foaf:Agent once per `seen` set.
  const orgDict = (pkg.owner_org && r.ctx.organizations[pkg.owner_org]) || pkg.organization || null;
  const orgIri = orgDict ? uris.organization(orgDict.id) : null;
  if (orgDict && orgIri) {
    b.iri(ds, dct('publisher'), orgIri);
    organizationInto(orgDict, r, b, d, seen);
  }
  contacts(pkg, r, b, ds, dsIri, orgIri);

  const freq = tables.frequencyCode(pkg.update_frequency);
  if (freq) {
    b.iri(ds, dct('accrualPeriodicity'), euFrequencyIri(freq));
    d.frequency(freq);
  }

  if (pkg.sphere) {
    const sphere = r.ctx.spheres[pkg.sphere];
    const theme = tables.sphereThemeCode(pkg.sphere, sphere?.eu_theme);
    b.iri(ds, dcat('theme'), euThemeIri(theme));
    d.theme(theme);
    if (sphere) {
      b.iri(ds, dcat('theme'), uris.sphere(sphere.name));
      sphereInto(sphere, r, b, d, seen);
    }
  }

  b.add(ds, dct('issued'), dateTime(pkg.metadata_created));
  b.add(ds, dct('modified'), dateTime(pkg.metadata_modified));
  spatial(pkg.spatial_uri, b, d, ds);
  temporal(pkg, b, dsIri, ds);

  // Only public datasets are ever mapped, so the access right is always PUBLIC.
  b.iri(ds, dct('accessRights'), euAccessRightIri('PUBLIC'));
  d.accessRight('PUBLIC');
  if (pkg.version?.trim()) b.add(ds, dcat('version'), str(pkg.version.trim()));
  const landing = httpIri(pkg.url);
  if (landing) {
    b.iri(ds, dcat('landingPage'), landing);
    d.document(landing);
  }

  passport(pkg, r, b, ds, dsIri);
  relatedInto(pkg, r, b, ds);
  qualityInto(pkg, r, b, ds);

  const resources = (pkg.resources ?? []).filter((res) => res.state !== 'deleted');
  const externalApi = pkg.provision === 'external' ? httpIri(pkg.external_api) : undefined;
  for (const res of resources) {
    distribution(pkg, res, r, b, d, seen, ds, orgIri, externalApi !== undefined && res.url === externalApi);
  }
  if (externalApi && !resources.some((res) => res.url === externalApi)) {
    externalApiDistribution(pkg, externalApi, r, b, d, ds, orgIri);
  }
}

function keywords(pkg: PackageDict, r: Resolved, b: QuadBuilder, ds: NamedNode): void {
  const written = new Set<string>();
  for (const lang of r.languages) {
    for (const kw of pkg.keywords_translated?.[lang] ?? []) {
      const k = kw?.trim();
      if (!k || written.has(lang + '\u0000' + k)) continue;
      written.add(lang + '\u0000' + k);
      written.add(k);
      b.add(ds, dcat('keyword'), langStr(k, lang));
    }
  }
  // CKAN free tags carry no language, so they stay plain literals (and are skipped when a
  // translated keyword already says the same).
  for (const t of pkg.tags ?? []) {
    const k = t.name?.trim();
    if (k && !written.has(k)) {
      written.add(k);
      b.add(ds, dcat('keyword'), str(k));
    }
  }
}

/** A vcard:Kind for a passport contact; returns whether one was written. */
function contactInto(c: ContactDict | null | undefined, nodeIri: string, r: Resolved, b: QuadBuilder): boolean {
  if (!c) return false;
  const email = mailto(c.email);
  const phone = tel(c.phone);
  const names = presentLanguages(c.fullname_translated, r.languages);
  if (!email && !phone && !names.length) return false;
  const n = iri(nodeIri);
  b.type(n, vcard('Kind'), vcard('Individual'));
  b.translated(n, vcard('fn'), c.fullname_translated, r.languages);
  b.iri(n, vcard('hasEmail'), email);
  b.iri(n, vcard('hasTelephone'), phone);
  return true;
}

function contacts(pkg: PackageDict, r: Resolved, b: QuadBuilder, ds: NamedNode, dsIri: string, orgIri: string | null) {
  let any = false;
  for (const [role, c] of [
    ['responsible', pkg.responsible],
    ['owner', pkg.owner],
  ] as const) {
    const nodeIri = r.uris.contact(dsIri, role);
    if (contactInto(c, nodeIri, r, b)) {
      b.iri(ds, dcat('contactPoint'), nodeIri);
      b.iri(ds, r.pas(role), nodeIri);
      any = true;
    }
  }
  // Without passport contacts, the organization's own contact node (written with the agent) stands in.
  if (!any && orgIri) b.iri(ds, dcat('contactPoint'), r.uris.contact(orgIri, 'contact'));
}

function spatial(spatialUri: string | null | undefined, b: QuadBuilder, d: TermDescriber, ds: NamedNode): void {
  const value = httpIri(spatialUri);
  if (!value) return;
  b.iri(ds, dct('spatial'), value);
  const m = /^http:\/\/publications\.europa\.eu\/resource\/authority\/country\/([A-Z]{3})$/.exec(value);
  if (m) d.country(m[1]);
}

function temporal(pkg: PackageDict, b: QuadBuilder, dsIri: string, ds: NamedNode): void {
  const start = flexibleDate(pkg.temporal_start);
  const end = flexibleDate(pkg.temporal_end);
  if (!start && !end) return;
  // A hash IRI, not a blank node: stable across exports, so store updates replace rather than pile up.
  const t = iri(`${dsIri}#temporal`);
  b.iri(ds, dct('temporal'), t.value);
  b.type(t, dct('PeriodOfTime'));
  b.add(t, dcat('startDate'), start);
  b.add(t, dcat('endDate'), end);
}

function passport(pkg: PackageDict, r: Resolved, b: QuadBuilder, ds: NamedNode, dsIri: string): void {
  const { pas, vocabNs: ns } = r;
  if (pkg.priority) b.iri(ds, pas('priority'), passportConcept('priority', pkg.priority, ns));
  if (pkg.relevance) b.iri(ds, pas('relevance'), passportConcept('relevance', pkg.relevance, ns));
  if (typeof pkg.ai_ready === 'boolean') b.add(ds, pas('aiReady'), bool(pkg.ai_ready));
  if (pkg.provision) b.iri(ds, pas('provision'), passportConcept('provision', pkg.provision, ns));
  if (pkg.passport_code) b.add(ds, pas('passportCode'), str(pkg.passport_code));
  schedule(pkg, r, b, ds, dsIri);
  b.add(ds, pas('lastDataUpdate'), dateTime(pkg.last_data_update));
  b.add(ds, pas('nextUpdateDue'), date(pkg.next_update_due));
  if (typeof pkg.overdue_days === 'number' && Number.isFinite(pkg.overdue_days) && pkg.overdue_days >= 0) {
    b.add(ds, pas('overdueDays'), nonNegInt(pkg.overdue_days));
  }
}

const DURATION: Record<string, string> = { daily: 'P1D', monthly: 'P1M', quarterly: 'P3M', annual: 'P1Y' };
const validDay = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 31;
const validMonth = (n: unknown, max = 12): n is number =>
  Number.isInteger(n) && (n as number) >= 1 && (n as number) <= max;

/** The update schedule as a schema.org Schedule (repeatFrequency + byMonth/byMonthDay), not a new class. */
function schedule(pkg: PackageDict, r: Resolved, b: QuadBuilder, ds: NamedNode, dsIri: string): void {
  const f = pkg.update_frequency;
  if (!f || !DURATION[f]) return;
  const s = pkg.update_schedule ?? {};
  const node = iri(`${dsIri}#update-schedule`);
  b.iri(ds, r.pas('updateSchedule'), node.value);
  b.type(node, schema('Schedule'));
  let every = DURATION[f];
  if (f === 'annual' && Number.isInteger(s.every_years) && (s.every_years as number) > 1) every = `P${s.every_years}Y`;
  b.add(node, schema('repeatFrequency'), typed(every, xsd('duration')));
  if (f !== 'daily' && validDay(s.day)) b.add(node, schema('byMonthDay'), typed(String(s.day), xsd('integer')));
  if (f === 'quarterly' && validMonth(s.month, 3)) {
    for (let m = s.month; m <= 12; m += 3) b.add(node, schema('byMonth'), typed(String(m), xsd('integer')));
  }
  if (f === 'annual' && validMonth(s.month)) b.add(node, schema('byMonth'), typed(String(s.month), xsd('integer')));
}

/** dcat:CatalogRecord of a dataset: when its metadata was first listed and last changed. */
export function catalogRecordQuads(pkg: PackageDict, ctx: MappingContext, opts: MapOptions = {}): Quad[] {
  assertPublishable(pkg);
  const r = resolve(ctx);
  const b = new QuadBuilder();
  const seen = opts.seen ?? new Set<string>();
  const d = new TermDescriber(b, opts.describeTerms === false ? null : seen);
  const rec = iri(r.uris.catalogRecord(pkg.id));
  const ds = iri(r.uris.dataset(pkg.id));
  b.type(rec, dcat('CatalogRecord'));
  b.iri(rec, foafPrimaryTopic, ds.value);
  // foaf:primaryTopic must point at a typed dcat:Resource (DcatResource_Shape), even standalone;
  // skipped when the dataset itself is already in the same output.
  if (!seen.has(ds.value)) b.type(ds, dcat('Dataset'));
  b.add(rec, dct('issued'), dateTime(pkg.metadata_created));
  b.add(rec, dct('modified'), dateTime(pkg.metadata_modified) ?? dateTime(pkg.metadata_created));
  b.iri(rec, dct('conformsTo'), DCAT_AP_STANDARD);
  d.standard(DCAT_AP_STANDARD);
  // Change type of the latest revision (ADMS change-type vocabulary, as DCAT-AP asks).
  const change = pkg.metadata_modified && pkg.metadata_modified !== pkg.metadata_created ? 'Updated' : 'Created';
  b.iri(rec, adms('status'), changeTypeIri(change));
  d.changeType(change);
  return groupBySubject(b.quads);
}

const foafPrimaryTopic = foaf('primaryTopic');
/** The application profile records conform to. */
export const DCAT_AP_STANDARD = 'http://data.europa.eu/r5r/';
