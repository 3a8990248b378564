// Pasport's dictionary-driven concept schemes (spheres, structures), built from the dictionaries
// at run time; the fixed schemes (priority, relevance, provision) live in vocab/pasport.ttl.
import type { Quad } from '@rdfjs/types';
import { dct, skos } from './namespaces.ts';
import { QuadBuilder, groupBySubject, iri, langStr } from './terms.ts';
import { resolve, type MapOptions, type Resolved } from './context.ts';
import { TermDescriber } from './vocab-terms.ts';
import { sphereInto, structureInto } from './agents.ts';
import type { MappingContext, SphereDict, StructureDict } from './types.ts';

const SCHEME_TITLES = {
  sphere: { uz: 'Sohalar', 'uz-Cyrl': 'Соҳалар', ru: 'Сферы', en: 'Spheres' },
  structure: { uz: 'Tuzilmalar', 'uz-Cyrl': 'Тузилмалар', ru: 'Структуры', en: 'Structures' },
} as const;

/** The scheme node itself (typed skos:ConceptScheme with the dct:title DCAT-AP requires). */
export function schemeHeaderInto(kind: 'sphere' | 'structure', r: Resolved, b: QuadBuilder, seen: Set<string>): string {
  const value = kind === 'sphere' ? r.uris.sphereScheme() : r.uris.structureScheme();
  if (seen.has(value)) return value;
  seen.add(value);
  const s = iri(value);
  b.type(s, skos('ConceptScheme'));
  const titles = SCHEME_TITLES[kind] as Record<string, string>;
  let n = 0;
  for (const lang of r.languages) {
    if (titles[lang]) {
      b.add(s, dct('title'), langStr(titles[lang], lang));
      b.add(s, skos('prefLabel'), langStr(titles[lang], lang));
      n++;
    }
  }
  if (!n) b.add(s, dct('title'), langStr(titles.en, 'en'));
  return value;
}

const values = <T>(x: Iterable<T> | Record<string, T>): T[] =>
  Symbol.iterator in Object(x) ? [...(x as Iterable<T>)] : Object.values(x as Record<string, T>);

/** SKOS scheme of all spheres (defaults to ctx.spheres), each sphere a top concept. */
export function sphereSchemeQuads(
  ctx: MappingContext,
  spheres?: Iterable<SphereDict> | Record<string, SphereDict>,
  opts: MapOptions = {},
): Quad[] {
  const r = resolve(ctx);
  const b = new QuadBuilder();
  const seen = opts.seen ?? new Set<string>();
  const d = new TermDescriber(b, opts.describeTerms === false ? null : seen);
  const scheme = iri(schemeHeaderInto('sphere', r, b, seen));
  for (const s of values(spheres ?? ctx.spheres)) {
    b.iri(scheme, skos('hasTopConcept'), r.uris.sphere(s.name));
    sphereInto(s, r, b, d, seen);
  }
  return groupBySubject(b.quads);
}

/** SKOS scheme of all organizational structures (defaults to ctx.structures). */
export function structureSchemeQuads(
  ctx: MappingContext,
  structures?: Iterable<StructureDict> | Record<string, StructureDict>,
  opts: MapOptions = {},
): Quad[] {
  const r = resolve(ctx);
  const b = new QuadBuilder();
  const seen = opts.seen ?? new Set<string>();
  const scheme = iri(schemeHeaderInto('structure', r, b, seen));
  for (const s of values(structures ?? ctx.structures)) {
    b.iri(scheme, skos('hasTopConcept'), r.uris.structure(s.code));
    structureInto(s, r, b, seen);
  }
  return groupBySubject(b.quads);
}
