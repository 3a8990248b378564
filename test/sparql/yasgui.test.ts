// The YASGUI page in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; no
// browser download): it loads from our own asset routes, runs a query and shows the results.
import t from 'tap';
import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { EXAMPLE_QUERIES } from '../../src/sparql/examples.ts';
import { startServer } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  t.fail(`${CHROMIUM} is missing: install it with "apt-get install -y chromium"`);
} else {
  const srv = await startServer({ n: 100 });
  t.teardown(() => srv.close());
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

  t.test('page loads with example tabs in the chosen language, runs a query, shows results', async (t) => {
    const page = await browser.newPage();
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(srv.url) && !r.url().startsWith('data:')) external.push(r.url());
    });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const res = await page.goto(`${srv.endpoint}?lang=ru`);
    t.equal(res?.status(), 200);
    t.match(res?.headers()['content-type'], /text\/html/);
    await page.waitForSelector('.yasqe .CodeMirror', { timeout: 20_000 });
    const tabs = await page
      .locator('.tabPanel, [role=tab], .tab')
      .allInnerTexts()
      .catch(() => []);
    const html = await page.content();
    t.ok(
      html.includes(EXAMPLE_QUERIES[0].name.ru) || tabs.some((x) => x.includes(EXAMPLE_QUERIES[0].name.ru)),
      'Russian example names shown',
    );
    const editor = await page.evaluate(() => (window as any).pasportYasgui.getTab().getYasqe().getValue());
    t.match(editor, /GROUP BY \?organization/, 'first example pre-filled');
    await page.click('.yasqe_queryButton');
    await page.waitForSelector('.yasr .dataTable tbody tr, .yasr table tbody tr', { timeout: 20_000 });
    const rows = await page.locator('.yasr table tbody tr').count();
    t.ok(rows > 0, `results table has ${rows} rows`);
    const text = await page.locator('.yasr').innerText();
    t.match(text, /org\/\d+|#\d+/, 'organisations in the results');
    t.same(external, [], 'no request leaves the server (no CDN)');
    t.same(errors, [], 'no page errors');
    const logged = srv.logs.find((l) => l.method === 'POST');
    t.ok(logged, 'the query reached the endpoint');
    await page.close();
  });

  t.test('assets are served from node_modules', async (t) => {
    const js = await fetch(`${srv.endpoint}/assets/yasgui.min.js`);
    t.equal(js.status, 200);
    t.match(js.headers.get('content-type'), /javascript/);
    const css = await fetch(`${srv.endpoint}/assets/yasgui.min.css`);
    t.equal(css.status, 200);
    const none = await fetch(`${srv.endpoint}/assets/..%2Fpackage.json`);
    t.equal(none.status, 404);
  });
}
