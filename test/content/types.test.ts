// Every content type over HTTP: the six actions, who may write, what anonymous users never see,
// every portal language, sanitized bodies, search and paging.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { ManualClock } from '../../src/clock.ts';
import { CONTENT_TYPES } from '../../src/content/defs.ts';

const LANGS = ['uz', 'uz-Cyrl', 'ru', 'en'];
const extra = (type: string): Record<string, unknown> =>
  type === 'legal_act' ? { number: 'ПП-4699', date: '2020-04-28', issuing_body_translated: { ru: 'Президент' } } : {};

t.test('content types', async (t) => {
  const clock = new ManualClock('2026-03-01T09:00:00Z');
  const s = await startServer(t, { clock });
  const op = await s.user('editor', { operator: true });
  const plain = await s.user('citizen');

  for (const { type } of CONTENT_TYPES) {
    await t.test(`${type}: every action, rights and visibility`, async (t) => {
      const body = {
        name: `${type.replace(/_/g, '-')}-one`,
        title_translated: { uz: `${type} uz`, 'uz-Cyrl': `${type} ўз`, ru: `${type} ру`, en: `${type} en` },
        summary_translated: { ru: 'Кратко', en: 'Short' },
        body_translated: { ru: '<p>Текст</p>', en: '<p>Text</p>' },
        tags: ['open-data'],
        ...extra(type),
      };
      t.equal((await s.call(`${type}_create`, body, { token: null })).status, 403, 'anonymous may not write');
      t.equal((await s.call(`${type}_create`, body, { token: plain.token })).status, 403, 'a plain user may not write');
      const made = await s.ok(`${type}_create`, body, op.token);
      t.match(made, { type, name: body.name, title: `${type} uz`, active: true, tags: ['open-data'] });
      const dup = await s.call(`${type}_create`, body, { token: op.token });
      t.equal(dup.status, 409);
      t.match(dup.body.error.name, [/already in use/]);

      for (const lang of LANGS) {
        const shown = await s.call(`${type}_show`, { id: body.name, lang }, { get: true, token: null });
        t.equal(shown.body.result.title, body.title_translated[lang as 'ru'], `title in ${lang}`);
      }
      const uz = await s.ok(`${type}_show`, { id: made.id, lang: 'uz' }, null);
      t.equal(uz.summary, 'Кратко', 'a missing translation falls back to one that exists');
      t.equal(
        (await s.call(`${type}_show`, { id: made.id, lang: 'fr' }, { get: true })).status,
        409,
        'unknown language refused',
      );

      const patched = await s.ok(`${type}_patch`, { id: made.id, summary_translated: { en: 'Changed' } }, op.token);
      t.equal(patched.title_translated.ru, `${type} ру`, 'patch keeps what it was not given');
      t.same(patched.summary_translated, { en: 'Changed' });
      const replaced = await s.ok(
        `${type}_update`,
        { id: made.id, title_translated: { ru: 'Новое' }, ...extra(type) },
        op.token,
      );
      t.same(replaced.title_translated, { ru: 'Новое' }, 'update replaces');
      t.same(replaced.tags, [], 'update resets what it was not given');
      t.equal(replaced.name, body.name, 'update keeps the name');

      await s.ok(`${type}_patch`, { id: made.id, active: false }, op.token);
      t.equal(
        (await s.call(`${type}_show`, { id: made.id }, { get: true, token: null })).status,
        404,
        'inactive: not found for anonymous',
      );
      t.equal(
        (await s.call(`${type}_show`, { id: made.id }, { get: true, token: plain.token })).status,
        404,
        'inactive: not found for a plain user',
      );
      t.equal((await s.ok(`${type}_show`, { id: made.id }, op.token)).active, false, 'the operator still sees it');
      t.equal((await s.ok(`${type}_list`, {}, null)).count, 0, 'inactive: not listed');
      t.equal((await s.ok(`${type}_list`, { q: 'Новое' }, null)).count, 0, 'inactive: not found by search');
      t.equal((await s.call(`${type}_list`, { include_inactive: true }, { token: plain.token })).status, 403);
      t.equal((await s.ok(`${type}_list`, { include_inactive: true }, op.token)).count, 1);

      await s.ok(`${type}_patch`, { id: made.id, active: true }, op.token);
      const list = await s.call(`${type}_list`, { lang: 'ru', q: 'новое' }, { get: true, token: null });
      t.equal(list.body.result.count, 1);
      t.equal(list.body.result.results[0].title, 'Новое');

      t.equal((await s.call(`${type}_delete`, { id: made.id }, { token: plain.token })).status, 403);
      t.equal(await s.ok(`${type}_delete`, { id: made.id }, op.token), null);
      t.equal((await s.call(`${type}_show`, { id: made.id }, { get: true })).status, 404, 'deleted');
      t.equal((await s.call(`${type}_delete`, { id: made.id }, { token: op.token })).status, 404);
    });
  }

  await t.test('HTML is sanitized; Markdown is rendered and sanitized', async (t) => {
    const html =
      '<p onclick="steal()">Hi <b>there</b><script>alert(1)</script></p><img src="x.png" onerror="alert(2)"><a href="javascript:alert(3)">x</a><iframe src="https://evil.example"></iframe><a href="https://ok.example" target="_blank">ok</a>';
    const n = await s.ok(
      'news_create',
      { title: 'Safe', body_translated: { ru: html }, summary_translated: { ru: '<b>bold</b><script>x()</script>' } },
      op.token,
    );
    const out = n.body_html_translated.ru as string;
    t.notMatch(
      out,
      /script|onclick|onerror|javascript:|iframe/i,
      'scripts, handlers, javascript: links and iframes removed',
    );
    t.match(out, /<b>there<\/b>/, 'harmless markup kept');
    t.match(out, /rel="noopener noreferrer"/, 'new-tab links cannot reach the opener');
    t.equal(n.body_translated.ru, out, 'HTML is stored only in its sanitized form');
    t.equal(n.summary_translated.ru, 'bold', 'summaries are plain text');
    const md = await s.ok(
      'page_create',
      {
        name: 'about',
        title: 'About',
        body_format: 'markdown',
        body_translated: { en: '# About\n\n[x](javascript:alert(1)) <script>alert(1)</script> *fine*' },
      },
      op.token,
    );
    t.match(md.body_html_translated.en, /<h1>About<\/h1>/);
    t.match(md.body_html_translated.en, /<em>fine<\/em>/);
    t.notMatch(
      md.body_html_translated.en,
      /<script|href="javascript:/,
      'no script element, no javascript: link (their text is escaped)',
    );
    t.match(md.body_translated.en, /^# About/, 'Markdown source kept for editing');
    t.equal((await s.ok('page_show', { id: 'about' }, null)).body_format, 'markdown');
  });

  await t.test('validation errors are CKAN-shaped and nothing is written', async (t) => {
    const bad = await s.call(
      'legal_act_create',
      { name: 'X Y', title_translated: { xx: 'no' }, date: '28.04.2020', url: 'ftp://x', position: 'first' },
      { token: op.token },
    );
    t.equal(bad.status, 409);
    t.equal(bad.body.error.__type, 'Validation Error');
    t.match(bad.body.error, { position: ['Invalid integer'] });
    const bad2 = await s.call(
      'legal_act_create',
      { name: 'X Y', title_translated: { xx: 'no' }, date: '28.04.2020', url: 'ftp://x' },
      { token: op.token },
    );
    t.match(bad2.body.error, {
      name: [/lowercase/],
      title_translated: [/Unknown language/],
      date: [/YYYY-MM-DD/],
      url: [/valid URL/],
      number: ['Missing value'],
    });
    t.equal(
      (await s.call('news_create', { title: 'x', surprise: 1 }, { token: op.token })).body.error.surprise[0],
      'The input field surprise was not expected.',
    );
    t.equal((await s.ok('legal_act_list', { include_inactive: true }, op.token)).count, 0);
  });

  await t.test('legal acts: fields, published from the act date, newest first', async (t) => {
    await s.ok(
      'legal_act_create',
      { title_translated: { ru: 'Указ' }, number: 'УП-1', date: '2019-01-10', url: 'https://lex.uz/docs/1' },
      op.token,
    );
    await s.ok(
      'legal_act_create',
      {
        title_translated: { ru: 'Постановление' },
        number: 'ПП-2',
        date: '2021-05-02',
        issuing_body_translated: { ru: 'Кабинет Министров', uz: 'Vazirlar Mahkamasi' },
      },
      op.token,
    );
    const list = await s.ok('legal_act_list', { lang: 'uz' }, null);
    t.same(
      list.results.map((r: any) => r.number),
      ['ПП-2', 'УП-1'],
    );
    t.match(list.results[0], {
      date: '2021-05-02',
      published: '2021-05-02T00:00:00',
      issuing_body: 'Vazirlar Mahkamasi',
      url: null,
    });
    t.equal((await s.ok('legal_act_list', { q: 'лекс' }, null)).count, 0, 'URLs are not searched');
    t.equal((await s.ok('legal_act_list', { q: 'пп-2' }, null)).count, 1, 'the number is');
    // Each item's words carry its type (src/content/input.ts, typeLexeme): a search stays in its type,
    // and no word a user types matches that marker.
    t.equal((await s.ok('news_list', { q: 'пп-2' }, null)).count, 0, "another type's words are not found");
    t.equal((await s.ok('news_list', { q: 'пп-2', tags: ['x'] }, null)).count, 0);
    for (const q of ['legal', 'legal act', 'type', '= legal_act'])
      t.equal((await s.ok('legal_act_list', { q }, null)).count, 0, `"${q}" matches no type marker`);
    t.equal((await s.ok('legal_act_list', { q: 'пп-2', sort: 'title asc' }, null)).count, 1, 'any sort');
  });

  await t.test('scheduled news appear when their time comes (service clock)', async (t) => {
    const n = await s.ok(
      'news_create',
      { name: 'tomorrow', title: 'Ertaga', published: '2026-03-02T06:00:00Z' },
      op.token,
    );
    t.equal((await s.call('news_show', { id: n.id }, { get: true, token: null })).status, 404);
    const before = await s.ok('news_list', {}, null);
    t.notOk(before.results.some((r: any) => r.name === 'tomorrow'));
    // Totals without words come from counts kept by trigger, less what is scheduled (migration 0024).
    t.equal(before.count, before.results.length, 'the scheduled item is not counted');
    const all = (await s.ok('news_list', { include_inactive: true }, op.token)).count;
    t.equal(all, before.count + 1, 'writers count it');
    clock.set('2026-03-02T06:00:01Z');
    t.equal((await s.ok('news_show', { id: 'tomorrow' }, null)).title, 'Ertaga');
    const after = await s.ok('news_list', {}, null);
    t.equal(after.results[0].name, 'tomorrow', 'newest first');
    t.equal(after.count, before.count + 1, 'counted once its time comes');
    await s.ok('news_patch', { id: 'tomorrow', active: false }, op.token);
    t.equal((await s.ok('news_list', {}, null)).count, before.count, 'deactivated: not counted');
    t.equal((await s.ok('news_list', { include_inactive: true }, op.token)).count, all, 'writers still count it');
    await s.ok('news_delete', { id: 'tomorrow' }, op.token);
    t.equal((await s.ok('news_list', { include_inactive: true }, op.token)).count, all - 1, 'deleted: gone');
  });

  await t.test('paging, tags, sorting, cards', async (t) => {
    for (let i = 0; i < 25; i++) {
      await s.ok(
        'faq_create',
        {
          title_translated: { ru: `Вопрос ${String(i).padStart(2, '0')}`, en: `Question ${i}` },
          body_translated: { ru: `<p>Ответ ${i}</p>` },
          position: 25 - i,
          tags: i % 2 ? ['odd'] : ['even'],
        },
        op.token,
      );
    }
    const p1 = await s.ok('faq_list', { lang: 'ru', limit: 10 }, null);
    t.equal(p1.count, 25);
    t.equal(p1.results.length, 10);
    t.equal(p1.results[0].title, 'Вопрос 24', 'position ascending by default');
    t.match(p1.results[0], { body_html: '<p>Ответ 24</p>', language: 'ru' }, 'FAQ cards carry the answer');
    t.notOk('body_translated' in p1.results[0], 'cards are small');
    const p3 = await s.ok('faq_list', { lang: 'ru', limit: 10, offset: 20 }, null);
    t.equal(p3.results.length, 5);
    t.equal((await s.ok('faq_list', { tags: 'odd' }, null)).count, 12);
    const byTitle = await s.ok('faq_list', { lang: 'ru', sort: 'title asc', limit: 2 }, null);
    t.same(
      byTitle.results.map((r: any) => r.title),
      ['Вопрос 00', 'Вопрос 01'],
    );
    t.equal((await s.call('faq_list', { sort: 'name' }, { token: null })).status, 409);
    t.equal((await s.call('faq_list', { limit: 5000 }, { token: null })).status, 409);
    const news = await s.ok('news_list', { lang: 'en' }, null);
    t.ok('image_url' in news.results[0], 'news cards carry their picture');
    t.notOk('body_html' in news.results[0], 'news cards do not carry the body');
  });
});
