// The browser query page: YASGUI (from the npm package, served by our own routes; no CDN) with one tab
// per example query, named in the visitor's language.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import type { ExampleQuery } from './examples.ts';

export type PageLang = 'uz' | 'uz-Cyrl' | 'ru' | 'en';
export const PAGE_LANGS: PageLang[] = ['uz', 'uz-Cyrl', 'ru', 'en'];

const require = createRequire(import.meta.url);

/** Asset name -> [file path, content type]. Read lazily, then kept in memory (1 MB JS, 56 kB CSS). */
export const ASSETS: Record<string, [string, string]> = {
  'yasgui.min.js': [require.resolve('@zazuko/yasgui/build/yasgui.min.js'), 'application/javascript; charset=utf-8'],
  'yasgui.min.css': [require.resolve('@zazuko/yasgui/build/yasgui.min.css'), 'text/css; charset=utf-8'],
};

const cache = new Map<string, Buffer>();
export function asset(name: string): { body: Buffer; contentType: string } | null {
  const a = ASSETS[name];
  if (!a) return null;
  let body = cache.get(name);
  if (!body) cache.set(name, (body = fs.readFileSync(a[0])));
  return { body, contentType: a[1] };
}

const TITLES: Record<PageLang, string> = {
  uz: "Pasport SPARQL so'rovlari",
  'uz-Cyrl': 'Паспорт SPARQL сўровлари',
  ru: 'SPARQL-запросы Паспорта',
  en: 'Pasport SPARQL query',
};

/** Picks the page language from ?lang= or Accept-Language. */
export function pickLang(param: string | undefined, acceptLanguage: string | undefined): PageLang {
  const norm = (s: string) => PAGE_LANGS.find((l) => l.toLowerCase() === s.trim().toLowerCase());
  if (param && norm(param)) return norm(param)!;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim();
    if (/^uz-cyrl/i.test(tag)) return 'uz-Cyrl';
    const l = norm(tag) ?? norm(tag.split('-')[0]);
    if (l) return l;
  }
  return 'uz';
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderPage(opts: {
  endpointPath: string;
  assetsPath: string;
  examples: ExampleQuery[];
  lang: PageLang;
}): string {
  const cfg = {
    endpoint: opts.endpointPath,
    examples: opts.examples.map((e) => ({ id: e.id, name: e.name[opts.lang] ?? e.name.en, query: e.query })),
  };
  // JSON inside <script>: escape '<' so no "</script>" can end it early.
  const json = JSON.stringify(cfg).replace(/</g, '\\u003c');
  const langLinks = PAGE_LANGS.map(
    (l) => `<a href="?lang=${encodeURIComponent(l)}"${l === opts.lang ? ' aria-current="true"' : ''}>${l}</a>`,
  ).join(' · ');
  return `<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(TITLES[opts.lang])}</title>
<link rel="stylesheet" href="${opts.assetsPath}/yasgui.min.css">
<style>
  body { font-family: system-ui, sans-serif; margin: 0 1rem; }
  header { display: flex; justify-content: space-between; align-items: baseline; }
  header nav a[aria-current] { font-weight: bold; }
</style>
</head>
<body>
<header><h1>${escapeHtml(TITLES[opts.lang])}</h1><nav>${langLinks}</nav></header>
<div id="yasgui"></div>
<script id="pasport-sparql-config" type="application/json">${json}</script>
<script src="${opts.assetsPath}/yasgui.min.js"></script>
<script>
(function () {
  var cfg = JSON.parse(document.getElementById('pasport-sparql-config').textContent);
  var endpoint = new URL(cfg.endpoint, location.href).href;
  var yasgui = new Yasgui(document.getElementById('yasgui'), {
    requestConfig: { endpoint: endpoint, method: 'POST' },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    autoAddOnInit: false,
    populateFromUrl: false,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } }
  });
  cfg.examples.forEach(function (ex, i) {
    yasgui.addTab(i === 0, { name: ex.name, yasqe: { value: ex.query }, requestConfig: { endpoint: endpoint, method: 'POST' } });
  });
  window.pasportYasgui = yasgui;
})();
</script>
</body>
</html>
`;
}
