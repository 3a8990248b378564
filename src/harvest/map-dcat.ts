// A dcat:Dataset node -> package_create input: titles and descriptions per portal language, keywords
// as tags, the landing page, version, and one resource per distribution. The guid is dct:identifier
// (else the IRI); both are kept as extras so the dataset can be traced back to the source.
import type { Quad, Term } from '@rdfjs/types';
import type { Config } from '../config.ts';

const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const OWL_VERSION = 'http://www.w3.org/2002/07/owl#versionInfo';

export class Graph {
  private readonly bySubject = new Map<string, Quad[]>();
  constructor(quads: Quad[]) {
    for (const q of quads) {
      const k = key(q.subject);
      const l = this.bySubject.get(k);
      if (l) l.push(q);
      else this.bySubject.set(k, [q]);
    }
  }
  objects(s: Term, p: string): Term[] {
    return (this.bySubject.get(key(s)) ?? []).filter((q) => q.predicate.value === p).map((q) => q.object);
  }
  first(s: Term, p: string): string | null {
    return this.objects(s, p)[0]?.value ?? null;
  }
  subjectsOfType(type: string): Term[] {
    const out: Term[] = [];
    for (const quads of this.bySubject.values())
      if (quads.some((q) => q.predicate.value === RDF_TYPE && q.object.value === type)) out.push(quads[0].subject);
    return out;
  }
}

const key = (t: Term) => `${t.termType}:${t.value}`;

function texts(
  g: Graph,
  s: Term,
  p: string,
  config: Config,
): { plain: string | null; translated: Record<string, string> } {
  const translated: Record<string, string> = {};
  let plain: string | null = null;
  for (const o of g.objects(s, p)) {
    if (o.termType !== 'Literal') continue;
    const lang = (o as Term & { language: string }).language;
    const match = lang ? config.languages.find((l) => l.toLowerCase() === lang.toLowerCase()) : undefined;
    if (match) translated[match] ??= o.value;
    if (!lang || match === config.defaultLanguage) plain ??= o.value;
  }
  plain ??= Object.values(translated)[0] ?? null;
  return { plain, translated };
}

export function slug(s: string): string {
  const v = s
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 90);
  return v.length >= 2 ? v : `ds-${v}`;
}

function tagName(s: string): string | null {
  const v = s
    .replace(/[^\p{L}\p{N} _.-]+/gu, ' ')
    .trim()
    .slice(0, 100);
  return v.length >= 2 ? v : null;
}

function lastSegment(v: string): string {
  return (
    v
      .replace(/[#/]+$/, '')
      .split(/[#/]/)
      .pop() ?? v
  );
}

export function mapDcatDataset(
  g: Graph,
  ds: Term,
  config: Config,
): { guid: string; uri: string | null; modified: string | null; pkg: Record<string, unknown> } {
  const uri = ds.termType === 'NamedNode' ? ds.value : null;
  const guid = g.first(ds, DCT + 'identifier') ?? uri;
  if (!guid) throw new Error('a dcat:Dataset with neither dct:identifier nor an IRI');
  const title = texts(g, ds, DCT + 'title', config);
  const notes = texts(g, ds, DCT + 'description', config);
  const pkg: Record<string, unknown> = { name: slug(guid), title: title.plain ?? guid };
  if (notes.plain) pkg.notes = notes.plain;
  if (Object.keys(title.translated).length) pkg.title_translated = title.translated;
  if (Object.keys(notes.translated).length) pkg.notes_translated = notes.translated;
  const landing = g.first(ds, DCAT + 'landingPage');
  if (landing) pkg.url = landing;
  const version = g.first(ds, DCAT + 'version') ?? g.first(ds, OWL_VERSION);
  if (version) pkg.version = version;
  const tags = [
    ...new Set(
      g
        .objects(ds, DCAT + 'keyword')
        .map((k) => tagName(k.value))
        .filter((x): x is string => !!x),
    ),
  ].sort();
  if (tags.length) pkg.tags = tags.map((name) => ({ name }));
  const resources = g.objects(ds, DCAT + 'distribution').map((dist) => {
    const r: Record<string, unknown> = {
      url: g.first(dist, DCAT + 'downloadURL') ?? g.first(dist, DCAT + 'accessURL') ?? '',
    };
    const name = texts(g, dist, DCT + 'title', config).plain;
    if (name) r.name = name;
    const desc = texts(g, dist, DCT + 'description', config).plain;
    if (desc) r.description = desc;
    const format = g.first(dist, DCT + 'format');
    if (format) r.format = lastSegment(format);
    return r;
  });
  resources.sort((a, b) => `${a.url}${a.name}`.localeCompare(`${b.url}${b.name}`));
  if (resources.length) pkg.resources = resources;
  return { guid, uri, modified: g.first(ds, DCT + 'modified'), pkg };
}

export const DCAT_DATASET = DCAT + 'Dataset';
