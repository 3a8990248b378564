// People get HTML: a browser's Accept on /catalog, /dataset/{id}, /organization/{id} and the other
// dereferenceable IRIs opens a readable page in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core), titled in the asked language, with links to each RDF format and the SPARQL page;
// user text is escaped. With PASPORT_PORTAL_URL, the same request is sent to the portal (303).
import t from 'tap';
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../helpers/server.ts';
import { buildCatalog } from './fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

t.test('HTML for people', async (t) => {
  const s = await startServer(t);
  await buildCatalog(s);
  const pkg = await s.ok('package_show', { id: 'ds-annual-health' });
  await s.ok('package_patch', {
    id: pkg.id,
    title_translated: { ...pkg.title_translated, en: 'Beds <script>window.pwned=1</script> & wards' },
  });
  await s.settle();
  const org = await s.ok('organization_show', { id: 'stat' });

  t.test('without a browser: the typical Accept and text/html alone get HTML', async (t) => {
    for (const path of [
      '/catalog',
      `/dataset/${pkg.id}`,
      `/organization/${org.id}`,
      `/dataset/${pkg.id}/resource/${pkg.resources[0].id}`,
      `/catalog/record/${pkg.id}`,
      '/sphere',
      '/ns',
    ]) {
      for (const accept of [BROWSER_ACCEPT, 'text/html']) {
        const r = await fetch(`${s.url}${path}`, { headers: { accept } });
        t.equal(r.status, 200, `${path} ${accept}`);
        t.match(r.headers.get('content-type'), /^text\/html/, `${path}: HTML, not RDF/XML`);
        const html = await r.text();
        for (const type of ['text/turtle', 'application/n-triples', 'application/rdf+xml', 'application/ld+json']) {
          t.match(
            html,
            new RegExp(`<link rel="alternate" type="${type.replace('+', '\\+')}" href="[^"]+\\?format=`),
            `${path}: alternate ${type}`,
          );
        }
      }
    }
    t.match(
      (await fetch(`${s.url}/catalog`, { headers: { accept: '*/*' } })).headers.get('content-type'),
      /^text\/turtle/,
      '*/* alone is data (curl, harvesters)',
    );
  });

  if (!fs.existsSync(CHROMIUM)) {
    t.fail(`${CHROMIUM} is missing: install it with "apt-get install -y chromium"`);
    return;
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  t.teardown(() => browser.close());

  t.test('a dataset page in Chromium: language, escaping, format links, SPARQL link', async (t) => {
    const page = await browser.newPage({ locale: 'ru-RU', extraHTTPHeaders: { 'accept-language': 'ru,en;q=0.5' } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const res = await page.goto(`${s.url}/dataset/${pkg.id}`);
    t.equal(res?.status(), 200);
    t.match(res?.headers()['content-type'], /text\/html/);
    t.equal(await page.title(), 'Dataset annual health (ру)', 'title in Russian from Accept-Language');
    t.equal(await page.locator('h1').innerText(), 'Dataset annual health (ру)');
    const alternates = await page
      .locator('link[rel=alternate]')
      .evaluateAll((ls) => ls.map((l) => l.getAttribute('type')));
    t.same(alternates.sort(), ['application/ld+json', 'application/n-triples', 'application/rdf+xml', 'text/turtle']);
    // Follow the Turtle link the page offers: it answers Turtle describing the same IRI.
    const ttlHref = await page.locator('nav.formats a[type="text/turtle"]').getAttribute('href');
    const ttl = await page.request.get(new URL(ttlHref!, s.url).href);
    t.match(ttl.headers()['content-type'], /^text\/turtle/);
    t.match(await ttl.text(), `<${s.url}/dataset/${pkg.id}>`);
    t.equal(await page.locator('nav.formats a.sparql').getAttribute('href'), '/sparql');
    // Clicking through to the organization (a link on the page) opens its page.
    await page.locator(`a[href="${s.url}/organization/${pkg.owner_org}"]`).first().click();
    await page.waitForLoadState();
    t.match(await page.locator('h1').innerText(), /\(ру\)$/, 'the organization page, in Russian too');

    const en = await page.goto(`${s.url}/dataset/${pkg.id}?lang=en`);
    t.equal(en?.status(), 200);
    t.equal(
      await page.locator('h1').innerText(),
      'Beds <script>window.pwned=1</script> & wards',
      'user text shown as text',
    );
    t.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined, 'and never run');
    t.same(errors, [], 'no page errors');
    await page.close();
  });

  t.test('the catalogue page and a sphere page in Chromium', async (t) => {
    const page = await browser.newPage();
    await page.goto(`${s.url}/catalog?lang=en`);
    t.equal(await page.locator('html').getAttribute('lang'), 'en');
    const datasets = await page.locator(`a[href^="${s.url}/dataset/"]`).count();
    t.ok(datasets >= 15, `${datasets} dataset links on the catalogue page`);
    await page.goto(`${s.url}/sphere/economy?lang=uz`);
    t.equal(await page.locator('h1').innerText(), 'Economy (uz)');
    await page.close();
  });
});

t.test('with PASPORT_PORTAL_URL people are sent to the portal (303)', async (t) => {
  const s = await startServer(t, { env: { PASPORT_PORTAL_URL: 'https://portal.example.uz/ru/{path}' } });
  const org = await s.ok('organization_create', { name: 'stat', code: '001', title_translated: { en: 'Statistics' } });
  const pkg = await s.ok('package_create', {
    name: 'population',
    owner_org: 'stat',
    title_translated: { en: 'Population' },
  });
  const go = (path: string, accept = BROWSER_ACCEPT) =>
    fetch(`${s.url}${path}`, { headers: { accept }, redirect: 'manual' });
  const r = await go(`/dataset/${pkg.id}`);
  t.equal(r.status, 303);
  t.equal(r.headers.get('location'), `https://portal.example.uz/ru/dataset/${pkg.id}`);
  t.match(r.headers.get('vary'), /Accept/);
  t.equal(
    (await go(`/organization/${org.name}`)).headers.get('location'),
    `https://portal.example.uz/ru/organization/${org.id}`,
    'the canonical IRI, not the alias asked',
  );
  t.equal((await go('/catalog')).headers.get('location'), 'https://portal.example.uz/ru/catalog');
  const data = await go(`/dataset/${pkg.id}`, 'text/turtle');
  t.equal(data.status, 200, 'machines still get RDF');
  t.match(data.headers.get('content-type'), /^text\/turtle/);
});
