// A small readable page for people who open a linked-data IRI in a browser, generated from the same
// quads as the RDF formats: the described resource first, then the nodes it carries (hash IRIs,
// vocabulary terms), labels in the asked language, links to each RDF format and to the SPARQL page.
// Every value is HTML-escaped: titles and descriptions are user input.
import type { Quad, Term } from '@rdfjs/types';
import { PREFIXES } from '../rdf/namespaces.ts';
import { formats, type FormatExt } from '../rdf/serialize.ts';

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const LABELS = [
  `${PREFIXES.dct}title`,
  `${PREFIXES.skos}prefLabel`,
  `${PREFIXES.foaf}name`,
  `${PREFIXES.vcard}fn`,
  `${PREFIXES.rdfs}label`,
];
const TYPE = `${PREFIXES.rdf}type`;

const WORDS: Record<string, Record<string, string>> = {
  formats: { uz: 'Formatlar', 'uz-Cyrl': 'Форматлар', ru: 'Форматы', en: 'Formats', kk: 'Пішімдер', ky: 'Форматтар' },
  sparql: {
    uz: "SPARQL so'rovi",
    'uz-Cyrl': 'SPARQL сўрови',
    ru: 'Запрос SPARQL',
    en: 'SPARQL query',
    kk: 'SPARQL сұрауы',
    ky: 'SPARQL суроосу',
  },
  catalog: { uz: 'Katalog', 'uz-Cyrl': 'Каталог', ru: 'Каталог', en: 'Catalogue', kk: 'Каталог', ky: 'Каталог' },
  type: { uz: 'Turi', 'uz-Cyrl': 'Тури', ru: 'Тип', en: 'Type', kk: 'Түрі', ky: 'Түрү' },
};
const word = (key: string, lang: string) => WORDS[key][lang] ?? WORDS[key][lang.split('-')[0]] ?? WORDS[key].en;

const FORMAT_NAMES: Record<FormatExt, string> = { ttl: 'Turtle', nt: 'N-Triples', rdf: 'RDF/XML', jsonld: 'JSON-LD' };

export interface HtmlPageInput {
  quads: readonly Quad[];
  /** The IRI the page is about. */
  subject: string;
  lang: string;
  /** The link to this document in an RDF format (`{path}?…&format=ttl`). */
  formatHref: (ext: FormatExt) => string;
  sparqlPath: string;
  catalogPath: string;
}

function prefixed(iri: string): string {
  let best = '';
  let name = '';
  for (const [p, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && ns.length > best.length && /^[\w.-]*$/.test(iri.slice(ns.length))) {
      best = ns;
      name = p;
    }
  }
  return best ? `${name}:${iri.slice(best.length)}` : iri;
}

/** Literals of one predicate in the page language when there are such, else all of them. */
function inLanguage(values: Term[], lang: string): Term[] {
  const tagged = values.filter((v) => v.termType === 'Literal' && (v as { language: string }).language);
  if (!tagged.length) return values;
  const mine = tagged.filter((v) => (v as { language: string }).language.toLowerCase() === lang.toLowerCase());
  const base = mine.length
    ? mine
    : tagged.filter(
        (v) => (v as { language: string }).language.split('-')[0].toLowerCase() === lang.split('-')[0].toLowerCase(),
      );
  return base.length ? [...values.filter((v) => !tagged.includes(v)), ...base] : values;
}

export function labelOf(quads: readonly Quad[], iri: string, lang: string): string | null {
  for (const p of LABELS) {
    const values = quads.filter((q) => q.subject.value === iri && q.predicate.value === p).map((q) => q.object);
    const v = inLanguage(values, lang)[0];
    if (v) return v.value;
  }
  return null;
}

function valueHtml(o: Term, quads: readonly Quad[], lang: string): string {
  if (o.termType === 'NamedNode') {
    const label = labelOf(quads, o.value, lang);
    return `<a href="${esc(o.value)}">${esc(label ?? prefixed(o.value))}</a>`;
  }
  if (o.termType === 'Literal') {
    const l = o as { language: string; datatype: { value: string } };
    const tag = l.language ? ` <small lang="${esc(l.language)}">@${esc(l.language)}</small>` : '';
    return `<span${l.language ? ` lang="${esc(l.language)}"` : ''}>${esc(o.value)}</span>${tag}`;
  }
  return esc(o.value);
}

function section(subject: string, quads: readonly Quad[], lang: string, main: boolean): string {
  const own = quads.filter((q) => q.subject.value === subject);
  const byPredicate = new Map<string, Term[]>();
  for (const q of own) {
    const list = byPredicate.get(q.predicate.value) ?? [];
    list.push(q.object);
    byPredicate.set(q.predicate.value, list);
  }
  const rows = [...byPredicate].map(([p, values]) => {
    const shown = inLanguage(values, lang)
      .map((v) => valueHtml(v, quads, lang))
      .join('<br>');
    const head = p === TYPE ? word('type', lang) : prefixed(p);
    return `<tr><th><a href="${esc(p)}">${esc(head)}</a></th><td>${shown}</td></tr>`;
  });
  const title = labelOf(quads, subject, lang) ?? prefixed(subject);
  const hash = subject.includes('#') ? ` id="${esc(subject.slice(subject.indexOf('#') + 1))}"` : '';
  const heading = main ? '' : `<h2><a href="${esc(subject)}">${esc(title)}</a></h2>`;
  return `<section${hash}>${heading}<table>${rows.join('')}</table></section>`;
}

export function renderHtml(input: HtmlPageInput): string {
  const { quads, subject, lang } = input;
  const title = labelOf(quads, subject, lang) ?? subject;
  const href = input.formatHref;
  const exts = Object.keys(formats) as FormatExt[];
  const alternates = exts
    .map((e) => `<link rel="alternate" type="${formats[e].mediaType}" href="${esc(href(e))}">`)
    .join('\n');
  const formatLinks = exts
    .map((e) => `<a href="${esc(href(e))}" type="${formats[e].mediaType}">${FORMAT_NAMES[e]}</a>`)
    .join(' · ');
  const subjects = [...new Set(quads.map((q) => q.subject.value))].filter(
    (s) => s !== subject && quads.some((q) => q.subject.value === s),
  );
  return `<!doctype html>
<html lang="${esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
${alternates}
<style>
body{font:16px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1b1b}
header a{margin-right:1rem} h1{font-size:1.6rem} code{word-break:break-all}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem} th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{width:14rem;font-weight:600} small{color:#666} section h2{font-size:1.1rem;margin-bottom:0}
</style>
</head>
<body>
<header><a href="${esc(input.catalogPath)}">${esc(word('catalog', lang))}</a> <a href="${esc(input.sparqlPath)}">SPARQL</a></header>
<main>
<h1>${esc(title)}</h1>
<p><code>${esc(subject)}</code></p>
<nav class="formats">${esc(word('formats', lang))}: ${formatLinks} · <a class="sparql" href="${esc(input.sparqlPath)}">${esc(word('sparql', lang))}</a></nav>
${section(subject, quads, lang, true)}
${subjects.map((s) => section(s, quads, lang, false)).join('\n')}
</main>
</body>
</html>
`;
}
