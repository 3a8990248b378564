// The landing page's HTML: one self-contained document (styles inline, no script, no CDN); every value
// from the database or the configuration is HTML-escaped.
import type { LandingData } from './data.ts';
import { stringsFor } from './strings.ts';

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PageInput {
  lang: string;
  languages: string[];
  siteTitle: string;
  siteDescription: string;
  siteUrl: string;
  data: LandingData;
}

const SPARQL_EXAMPLE = `PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?publisher (COUNT(?dataset) AS ?datasets) WHERE {
  ?dataset a dcat:Dataset ; dct:publisher ?publisher .
} GROUP BY ?publisher ORDER BY DESC(?datasets) LIMIT 10`;

/** A word of the dataset's title to search for (the longest, so the search is selective). */
function searchWord(title: Record<string, string>, lang: string): string {
  const text = title[lang] ?? Object.values(title)[0] ?? '';
  const words = text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4);
  return words.sort((a, b) => b.length - a.length)[0] ?? text.split(/\s+/)[0] ?? '';
}

export function exampleRequests(input: PageInput): { label: string; path: string }[] {
  const s = stringsFor(input.lang).exampleLabels;
  const { dataset, datastoreResource } = input.data;
  const out: { label: string; path: string }[] = [];
  if (dataset) {
    const word = searchWord(dataset.title, input.lang);
    out.push({ label: s.search, path: `/api/3/action/package_search?q=${encodeURIComponent(word)}&rows=5` });
    out.push({ label: s.show, path: `/api/3/action/package_show?id=${encodeURIComponent(dataset.name)}` });
  }
  out.push({ label: s.org, path: '/api/3/action/organization_list?all_fields=true&limit=10' });
  if (datastoreResource)
    out.push({ label: s.datastore, path: `/api/3/action/datastore_search?resource_id=${datastoreResource}&limit=5` });
  if (dataset) out.push({ label: s.rdf, path: `/dataset/${encodeURIComponent(dataset.name)}.ttl` });
  out.push({ label: s.sparql, path: `/sparql?query=${encodeURIComponent(SPARQL_EXAMPLE)}&format=json` });
  return out;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
main{max-width:60rem;margin:0 auto;padding:1.5rem}header{background:#0b4f6c;color:#fff}
header div{max-width:60rem;margin:0 auto;padding:1.5rem}h1{margin:0 0 .25rem}a{color:#0b4f6c}
header a{color:#fff}nav.lang a{margin-right:.5rem}nav.lang a[aria-current]{font-weight:bold}
.counts{display:flex;gap:1rem;flex-wrap:wrap;padding:0;list-style:none}
.counts li{background:#fff;border-radius:.5rem;padding:.75rem 1rem;min-width:9rem;box-shadow:0 1px 2px #0002}
.counts b{display:block;font-size:1.75rem}code{background:#fff;padding:.1rem .3rem;border-radius:.25rem;word-break:break-all}
section{margin-top:1.5rem}ul.examples li{margin:.5rem 0}`;

export function renderLanding(input: PageInput): string {
  const t = stringsFor(input.lang);
  const e = escapeHtml;
  const { counts } = input.data;
  const langLinks = input.languages
    .map(
      (l) =>
        `<a href="/?lang=${encodeURIComponent(l)}" hreflang="${e(l)}"${l === input.lang ? ' aria-current="true"' : ''}>${e(l)}</a>`,
    )
    .join('');
  const catalogLinks = [
    ['Turtle', 'ttl'],
    ['N-Triples', 'nt'],
    ['RDF/XML', 'rdf'],
    ['JSON-LD', 'jsonld'],
  ]
    .map(([name, ext]) => `<a href="/catalog.${ext}">${name}</a>`)
    .join(' · ');
  const examples = exampleRequests(input)
    .map(
      (x) =>
        `<li>${e(x.label)}<br><a href="${e(x.path)}"><code>GET ${e(decodeURIComponent(x.path).replace(/\s+/g, ' '))}</code></a></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${e(input.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(input.siteTitle)}</title>
<link rel="alternate" type="text/turtle" href="/catalog.ttl">
<style>${STYLE}</style>
</head>
<body>
<header><div>
<h1>${e(input.siteTitle)}</h1>
<p>${e(input.siteDescription)}</p>
<nav class="lang" aria-label="${e(t.language)}">${langLinks}</nav>
</div></header>
<main>
<p>${e(t.lead)}</p>
<ul>${t.what.map((w) => `<li>${e(w)}</li>`).join('')}</ul>
<ul class="counts">
<li><b id="count-datasets">${counts.datasets}</b>${e(t.counts.datasets)}</li>
<li><b id="count-organizations">${counts.organizations}</b>${e(t.counts.organizations)}</li>
<li><b id="count-spheres">${counts.spheres}</b>${e(t.counts.spheres)}</li>
<li><b id="count-datastore">${counts.datastore}</b>${e(t.counts.datastore)}</li>
</ul>
${counts.datasets === 0 ? `<p><em>${e(t.empty)}</em></p>` : ''}
<section><h2>${e(t.explore)}</h2>
<ul class="links">
<li><a href="/docs">${e(t.links.docs)}</a> · <a href="/openapi.json">OpenAPI</a></li>
<li><a href="/sparql">${e(t.links.sparql)}</a></li>
<li>${e(t.links.catalog)}: ${catalogLinks}</li>
<li><a href="/vocab">${e(t.links.vocab)}</a></li>
<li><a href="/api/3/action/status_show">${e(t.links.status)}</a></li>
</ul></section>
<section><h2>${e(t.examples)}</h2>
<ul class="examples">
${examples}
</ul></section>
</main>
</body>
</html>
`;
}
