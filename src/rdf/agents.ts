// Dictionary entries as RDF: organizations (foaf:Agent + org:Organization, classified by their
// structure), spheres and structures (skos:Concept in Pasport's own concept schemes).
import type { Quad } from '@rdfjs/types';
import { dct, foaf, org as orgNs, skos, vcard } from './namespaces.ts';
import { QuadBuilder, groupBySubject, httpIri, iri, mailto, str, tel } from './terms.ts';
import { resolve, type MapOptions, type Resolved } from './context.ts';
import { TermDescriber, euThemeIri, publisherTypeIri } from './vocab-terms.ts';
import * as tables from './tables.ts';
import type { MappingContext, OrganizationDict, SphereDict, StructureDict } from './types.ts';

/** Writes an organization (agent + its contact node) unless `seen` already holds it. */
export function organizationInto(
  o: OrganizationDict,
  r: Resolved,
  b: QuadBuilder,
  d: TermDescriber,
  seen: Set<string>,
): void {
  const orgIri = r.uris.organization(o.id);
  if (seen.has(orgIri)) return;
  seen.add(orgIri);
  const a = iri(orgIri);
  b.type(a, foaf('Agent'), foaf('Organization'), orgNs('Organization'));
  // foaf:name is mandatory for an Agent: fall back to the CKAN title, then the name.
  b.text(a, foaf('name'), o.title_translated, o.title || o.name, r.languages);
  b.translated(a, dct('description'), o.description_translated, r.languages);
  if (o.code) b.add(a, dct('identifier'), str(o.code));
  const type = o.publisher_type || r.defaultPublisherType;
  b.iri(a, dct('type'), publisherTypeIri(type));
  d.publisherType(type);
  const email = mailto(o.email);
  const phone = tel(o.phone);
  const web = httpIri(o.website);
  b.iri(a, foaf('mbox'), email);
  b.iri(a, foaf('phone'), phone);
  if (web) {
    b.iri(a, foaf('homepage'), web);
    d.document(web);
  }
  const structure = o.structure ? r.ctx.structures[o.structure] : undefined;
  if (o.structure) {
    b.iri(a, orgNs('classification'), r.uris.structure(o.structure));
    if (structure) structureInto(structure, r, b, seen);
  }
  // The organization's contact point, used by datasets that name no responsible person.
  const c = iri(r.uris.contact(orgIri, 'contact'));
  b.type(c, vcard('Kind'), vcard('Organization'));
  b.text(c, vcard('fn'), o.title_translated, o.title || o.name, r.languages);
  b.iri(c, vcard('hasEmail'), email);
  b.iri(c, vcard('hasTelephone'), phone);
  b.iri(c, vcard('hasURL'), web);
}

export function sphereInto(s: SphereDict, r: Resolved, b: QuadBuilder, d: TermDescriber, seen: Set<string>): void {
  const value = r.uris.sphere(s.name);
  if (seen.has(value)) return;
  seen.add(value);
  const c = iri(value);
  b.type(c, skos('Concept'));
  b.text(c, skos('prefLabel'), s.title_translated, s.title || s.name, r.languages);
  b.translated(c, skos('definition'), s.description_translated, r.languages);
  b.add(c, skos('notation'), str(s.name));
  b.iri(c, skos('inScheme'), r.uris.sphereScheme());
  b.iri(c, skos('topConceptOf'), r.uris.sphereScheme());
  const theme = tables.sphereThemeCode(s.name, s.eu_theme);
  b.iri(c, skos('closeMatch'), euThemeIri(theme));
  d.theme(theme);
  b.iri(c, foaf('depiction'), httpIri(s.icon_url));
}

export function structureInto(s: StructureDict, r: Resolved, b: QuadBuilder, seen: Set<string>): void {
  const value = r.uris.structure(s.code);
  if (seen.has(value)) return;
  seen.add(value);
  const c = iri(value);
  b.type(c, skos('Concept'));
  b.text(c, skos('prefLabel'), s.name_translated, s.code, r.languages);
  b.add(c, skos('notation'), str(s.code));
  b.iri(c, skos('inScheme'), r.uris.structureScheme());
  b.iri(c, skos('topConceptOf'), r.uris.structureScheme());
}

/** An organization as a foaf:Agent with names per language, contacts and its structure. */
export function organizationQuads(o: OrganizationDict, ctx: MappingContext, opts: MapOptions = {}): Quad[] {
  const r = resolve(ctx);
  const b = new QuadBuilder();
  const seen = opts.seen ?? new Set<string>();
  organizationInto(o, r, b, new TermDescriber(b, opts.describeTerms === false ? null : seen), seen);
  return groupBySubject(b.quads);
}

/** A sphere (CKAN group) as a skos:Concept, close to its EU data theme. */
export function sphereQuads(group: SphereDict, ctx: MappingContext, opts: MapOptions = {}): Quad[] {
  const r = resolve(ctx);
  const b = new QuadBuilder();
  const seen = opts.seen ?? new Set<string>();
  sphereInto(group, r, b, new TermDescriber(b, opts.describeTerms === false ? null : seen), seen);
  return groupBySubject(b.quads);
}

export function structureQuads(s: StructureDict, ctx: MappingContext, opts: MapOptions = {}): Quad[] {
  const b = new QuadBuilder();
  structureInto(s, resolve(ctx), b, opts.seen ?? new Set());
  return groupBySubject(b.quads);
}
