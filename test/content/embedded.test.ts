// The content module on the embedded engine (PGlite): migration 0013 (trigram index included), list
// with search, an upload and the feed behave as on PostgreSQL.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/db.ts';
import { PNG, multipart } from './fixtures.ts';

t.test('content on PGlite', async (t) => {
  const dir = tempDir('pasport-uploads-');
  t.teardown(dir.remove);
  const s = await startServer(t, { embedded: true, env: { PASPORT_UPLOAD_DIR: dir.dir } });
  const op = await s.user('editor', { operator: true });
  const r = await multipart(
    s.url,
    'news_create',
    { name: 'hello', title_translated: { ru: 'Открытые данные', en: 'Open data' } },
    { image_upload: { name: 'a.png', type: 'image/png', content: PNG } },
    op.token,
  );
  t.equal(r.status, 200, JSON.stringify(r.body));
  await s.ok('news_create', { name: 'hidden', title_translated: { ru: 'Открытые секреты' }, active: false }, op.token);
  const found = await s.ok('news_list', { q: 'открытые', lang: 'en' }, null);
  t.same(
    found.results.map((x: any) => [x.name, x.title]),
    [['hello', 'Open data']],
  );
  t.equal((await fetch(r.body.result.image_url)).status, 200);
  const feed = await (await fetch(`${s.url}/news.atom?lang=ru`)).text();
  t.match(feed, /<title type="text">Открытые данные<\/title>/);
  t.notMatch(feed, /секреты/);
});
