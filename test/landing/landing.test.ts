// The landing page in headless Chromium (Debian's /usr/bin/chromium through playwright-core): it loads,
// shows the live counts in the chosen language, every link on it answers below 400, nothing is fetched
// from another origin, and the console stays clean. Clients without text/html get CKAN's API root.
import t from 'tap';
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { startServer } from '../helpers/server.ts';
import { makeGroup, makeOrg, makeStructure, passport } from '../helpers/fixtures.ts';

const CHROMIUM = '/usr/bin/chromium';

t.test('landing page', async (t) => {
  if (!fs.existsSync(CHROMIUM)) {
    t.fail(`${CHROMIUM} is missing: install it with "apt-get install -y chromium"`);
    return;
  }
  const s = await startServer(t, { env: { PASPORT_SITE_TITLE: "Ochiq <b>ma'lumotlar</b> & portal" } });
  await makeStructure(s, '2');
  await makeOrg(s, 'stat', { code: '001', structure: '2' });
  await makeOrg(s, 'health', { code: '002', structure: '2' });
  await makeGroup(s, 'economy', { eu_theme: 'ECON' });
  const pkg = await s.ok(
    'package_create',
    passport('aholi-soni', 'stat', {
      title_translated: {
        uz: 'Aholi soni viloyatlar kesimida',
        ru: 'Численность населения по областям',
        en: 'Population by region',
      },
    }),
  );
  await s.ok('package_create', passport('hidden', 'stat', { private: true }));
  await s.ok('datastore_create', {
    resource: { package_id: pkg.id, name: 'rows' },
    fields: [
      { id: 'region', type: 'text' },
      { id: 'n', type: 'int' },
    ],
    records: [{ region: 'Toshkent', n: 3 }],
  });
  await s.settle();

  t.test('clients get the API root', async (t) => {
    for (const accept of [undefined, 'application/json', '*/*']) {
      const r = await fetch(`${s.url}/`, { headers: accept ? { accept } : {} });
      t.equal(r.status, 200);
      t.match(r.headers.get('content-type'), /application\/json/);
      t.same(await r.json(), { version: 3 }, `Accept: ${accept}`);
    }
  });

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

  for (const [lang, words] of [
    ['ru', 'наборов данных'],
    ['en', 'datasets'],
    ['uz-Cyrl', 'маълумотлар тўплами'],
  ] as const) {
    t.test(`loads in ${lang}, links resolve, console clean`, async (t) => {
      const page = await browser.newPage({
        extraHTTPHeaders: { 'accept-language': lang === 'en' ? 'en-GB,en;q=0.9' : 'de' },
      });
      const external: string[] = [];
      const problems: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(s.url)) external.push(r.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(String(e)));
      const res = await page.goto(lang === 'en' ? `${s.url}/` : `${s.url}/?lang=${lang}`);
      t.equal(res?.status(), 200);
      t.match(res?.headers()['content-type'], /text\/html/);
      t.equal(await page.getAttribute('html', 'lang'), lang);
      t.equal(await page.textContent('#count-datasets'), '1', 'public datasets only');
      t.equal(await page.textContent('#count-organizations'), '2');
      t.equal(await page.textContent('#count-spheres'), '1');
      t.equal(await page.textContent('#count-datastore'), '1');
      t.match(await page.textContent('.counts'), words);
      t.equal(await page.textContent('h1'), "Ochiq <b>ma'lumotlar</b> & portal", 'the title is text, not markup');
      t.equal(await page.locator('h1 b').count(), 0);

      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      t.ok(hrefs.length >= 15, `${hrefs.length} links`);
      for (const href of [
        '/docs',
        '/sparql',
        '/catalog.ttl',
        '/catalog.nt',
        '/catalog.rdf',
        '/catalog.jsonld',
        '/vocab',
      ]) {
        t.ok(hrefs.includes(`${s.url}${href}`), `links ${href}`);
      }
      t.ok(
        hrefs.some((h) => h.includes('package_show?id=aholi-soni')),
        'an example names a real dataset',
      );
      t.notOk(
        hrefs.some((h) => h.includes('hidden')),
        'private datasets stay out of the examples',
      );
      for (const href of hrefs) {
        t.ok(href.startsWith(s.url), `${href} is on this server`);
        const r = await page.request.get(href, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
        t.ok(r.status() < 400, `${href} -> ${r.status()}`);
        if (href.includes('/api/3/action/')) t.equal((await r.json()).success, true, `${href} succeeds`);
        if (href.includes('package_search'))
          t.ok((await r.json()).result.count >= 1, 'the example search finds the dataset');
        if (href.includes('/sparql?query'))
          t.ok((await r.json()).results.bindings.length >= 1, 'the SPARQL example has rows');
      }
      t.same(external, [], 'nothing from another origin (no CDN)');
      t.same(problems, [], 'no console errors');
      await page.close();
    });
  }
});
