// The news Atom feed per language, read by a real feed parser (feedparser from npm): entries in the
// requested language, newest first, with sanitized content; drafts and scheduled news absent.
import { Readable } from 'node:stream';
import t from 'tap';
import FeedParser from 'feedparser';
import { startServer } from '../helpers/server.ts';
import { ManualClock } from '../../src/clock.ts';

async function parseFeed(xml: string) {
  const parser = new FeedParser({ normalize: true, addmeta: false });
  Readable.from([xml]).pipe(parser);
  const items: FeedParser.Item[] = [];
  for await (const item of parser) items.push(item);
  return { meta: parser.meta, items };
}

t.test('news feed', async (t) => {
  const clock = new ManualClock('2026-04-10T12:00:00Z');
  const s = await startServer(t, { clock });
  const op = await s.user('editor', { operator: true });
  const titles = (i: number) => ({
    uz: `Yangilik ${i}`,
    'uz-Cyrl': `Янгилик ${i}`,
    ru: `Новость ${i}`,
    en: `News ${i}`,
  });
  for (let i = 1; i <= 3; i++) {
    await s.ok(
      'news_create',
      {
        name: `news-${i}`,
        title_translated: titles(i),
        summary_translated: { ru: `Кратко ${i}`, en: `Brief ${i}` },
        body_translated: { ru: `<p>Текст ${i} & co</p><script>alert(1)</script>`, en: `<p>Text ${i}</p>` },
        tags: ['portal'],
        published: `2026-04-0${i}T09:00:00Z`,
      },
      op.token,
    );
  }
  await s.ok(
    'news_create',
    { name: 'draft', title_translated: titles(9), active: false, published: '2026-04-09T00:00:00Z' },
    op.token,
  );
  await s.ok(
    'news_create',
    { name: 'scheduled', title_translated: titles(8), published: '2026-05-01T00:00:00Z' },
    op.token,
  );

  for (const lang of ['uz', 'uz-Cyrl', 'ru', 'en']) {
    await t.test(`feed in ${lang}`, async (t) => {
      const res = await fetch(`${s.url}/news.atom?lang=${lang}`);
      t.equal(res.status, 200);
      t.match(res.headers.get('content-type'), /^application\/atom\+xml/);
      const { meta, items } = await parseFeed(await res.text());
      t.equal(meta['#type'], 'atom');
      t.equal(meta.language, lang);
      t.same(
        items.map((i) => i.title),
        [3, 2, 1].map((i) => titles(i)[lang as 'ru']),
        'public news only, newest first',
      );
      t.equal(items[0].link, `${s.url}/news/news-3`);
      t.equal(new Date(items[0].pubdate!).toISOString(), '2026-04-03T09:00:00.000Z');
      t.same(items[0].categories, ['portal']);
      t.match(items[0].guid, /^urn:uuid:[0-9a-f-]{36}$/);
      if (lang === 'ru') {
        t.equal(items[0].summary, 'Кратко 3');
        t.equal(items[0].description, '<p>Текст 3 &amp; co</p>', 'content is the sanitized HTML');
      }
      if (lang === 'uz')
        t.equal(items[0].summary, 'Кратко 3', 'missing translations fall back in portal language order');
    });
  }

  await t.test('scheduled news enter the feed when their time comes; unknown language refused', async (t) => {
    clock.set('2026-05-01T00:00:01Z');
    const { items } = await parseFeed(await (await fetch(`${s.url}/news.atom?lang=en`)).text());
    t.equal(items[0].title, 'News 8');
    t.notOk(
      items.some((i) => i.title === 'News 9'),
      'the draft never does',
    );
    const bad = await fetch(`${s.url}/news.atom?lang=fr`);
    t.equal(bad.status, 400);
    t.match(await bad.json(), { success: false, error: { __type: 'Validation Error', lang: [/Unknown language/] } });
    const dflt = await parseFeed(await (await fetch(`${s.url}/news.atom`)).text());
    t.equal(dflt.meta.language, 'uz', 'the default language without ?lang');
  });
});
