// Uploads over HTTP: news pictures, legal-act files, sphere and organization icons; limits and bad
// files refused with a clear error; files served with ETag and Cache-Control; drafts' files private.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/db.ts';
import { EVIL_SVG, HTML, PDF, PNG, SVG, multipart, sha256 } from './fixtures.ts';

t.test('uploads', async (t) => {
  const dir = tempDir('pasport-uploads-');
  t.teardown(dir.remove);
  const s = await startServer(t, { env: { PASPORT_UPLOAD_DIR: dir.dir, PASPORT_UPLOAD_MAX_IMAGE_BYTES: '4096' } });
  const op = await s.user('editor', { operator: true });

  await t.test('a news picture: stored, served with caching headers, revalidated by ETag', async (t) => {
    const r = await multipart(
      s.url,
      'news_create',
      { name: 'with-picture', title_translated: { ru: 'С картинкой' }, tags: '["a"]' },
      { image_upload: { name: 'фото дня.png', type: 'image/png', content: PNG } },
      op.token,
    );
    t.equal(r.status, 200, JSON.stringify(r.body));
    const url: string = r.body.result.image_url;
    t.match(url, new RegExp(`^${s.url}/uploads/[0-9a-f-]{36}/`));
    t.match(decodeURIComponent(url), /фото-дня\.png$/, 'the name keeps its letters, loses its spaces');
    t.same(r.body.result.tags, ['a']);
    const got = await fetch(url);
    t.equal(got.status, 200);
    t.equal(got.headers.get('content-type'), 'image/png');
    t.equal(got.headers.get('etag'), `"${sha256(PNG)}"`);
    t.equal(got.headers.get('cache-control'), 'public, max-age=3600');
    t.equal(got.headers.get('x-content-type-options'), 'nosniff');
    t.same(Buffer.from(await got.arrayBuffer()), PNG);
    const again = await fetch(url, { headers: { 'If-None-Match': got.headers.get('etag')! } });
    t.equal(again.status, 304);
    const files = fs
      .readdirSync(dir.dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.png'));
    t.equal(files.length, 1, 'the bytes are in the upload directory');
    t.match((await s.ok('news_list', {}, null)).results[0], { image_url: url }, 'the card carries it');
  });

  await t.test('bad files and oversized files are refused with a clear error; nothing is written', async (t) => {
    const html = await multipart(
      s.url,
      'news_create',
      { name: 'evil', title: 'x' },
      { image_upload: { name: 'logo.png', type: 'image/png', content: HTML } },
      op.token,
    );
    t.equal(html.status, 409);
    t.equal(html.body.error.__type, 'Validation Error');
    t.match(html.body.error.image_upload, [/File type not allowed.*allowed: PNG, JPEG, GIF, WebP/]);
    const pdf = await multipart(
      s.url,
      'news_create',
      { name: 'evil', title: 'x' },
      { image_upload: { name: 'x.png', type: 'image/png', content: PDF } },
      op.token,
    );
    t.match(pdf.body.error.image_upload, [/application\/pdf/], 'a PDF is not a news picture, whatever its name');
    const big = await multipart(
      s.url,
      'news_create',
      { name: 'evil', title: 'x' },
      { image_upload: { name: 'big.png', type: 'image/png', content: Buffer.concat([PNG, Buffer.alloc(5000)]) } },
      op.token,
    );
    t.equal(big.status, 409);
    t.match(big.body.error.image_upload, [/too large: \d+ bytes; the limit is 4096 bytes/]);
    const empty = await multipart(
      s.url,
      'news_create',
      { name: 'evil', title: 'x' },
      { image_upload: { name: 'e.png', type: 'image/png', content: Buffer.alloc(0) } },
      op.token,
    );
    t.match(empty.body.error.image_upload, ['The file is empty']);
    const wrongField = await multipart(
      s.url,
      'page_create',
      { name: 'evil', title: 'x' },
      { image_upload: { name: 'a.png', type: 'image/png', content: PNG } },
      op.token,
    );
    t.match(wrongField.body.error.image_upload, [/accepts no file/], 'pages take no picture');
    const asText = await s.call(
      'news_create',
      { name: 'evil', title: 'x', image_upload: 'C:/fakepath/a.png' },
      { token: op.token },
    );
    t.match(asText.body.error.image_upload, [/multipart/]);
    t.equal(
      (await s.ok('news_list', { include_inactive: true, q: 'evil' }, op.token)).count,
      0,
      'no half-written item',
    );
    const anon = await multipart(
      s.url,
      'news_create',
      { title: 'x' },
      { image_upload: { name: 'a.png', type: 'image/png', content: PNG } },
    );
    t.equal(anon.status, 403, 'anonymous uploads are refused before anything is stored');
  });

  await t.test('a legal act with its PDF', async (t) => {
    const r = await multipart(
      s.url,
      'legal_act_create',
      { title_translated: { ru: 'Закон' }, number: 'ЗРУ-1', date: '2021-01-01' },
      { file_upload: { name: 'zakon.pdf', type: 'application/pdf', content: PDF } },
      op.token,
    );
    t.equal(r.status, 200, JSON.stringify(r.body));
    const got = await fetch(r.body.result.file_url);
    t.equal(got.headers.get('content-type'), 'application/pdf');
    t.match(got.headers.get('content-disposition'), /^attachment; filename\*=UTF-8''zakon\.pdf/);
    const html = await multipart(
      s.url,
      'legal_act_create',
      { title_translated: { ru: 'Закон' }, number: 'ЗРУ-2', date: '2021-01-01' },
      { file_upload: { name: 'z.pdf', type: 'application/pdf', content: HTML } },
      op.token,
    );
    t.match(html.body.error.file_upload, [/allowed: PDF, DOCX, ODT, DOC/]);
    const cleared = await s.ok('legal_act_patch', { id: r.body.result.id, clear_upload: true }, op.token);
    t.equal(cleared.file_url, null, 'clear_upload removes it');
  });

  await t.test("a draft item's picture is private; deleting the item deletes the file", async (t) => {
    const r = await multipart(
      s.url,
      'news_create',
      { name: 'draft', title: 'Draft', active: 'false' },
      { image_upload: { name: 'd.png', type: 'image/png', content: PNG } },
      op.token,
    );
    t.equal(r.body.result.active, false);
    const url = r.body.result.image_url;
    t.equal((await fetch(url)).status, 404, 'not for anonymous');
    const mine = await fetch(url, { headers: { Authorization: op.token } });
    t.equal(mine.status, 200, 'the operator sees it');
    t.equal(mine.headers.get('cache-control'), 'private, no-store');
    await s.ok('news_delete', { id: 'draft' }, op.token);
    t.equal((await fetch(url, { headers: { Authorization: op.token } })).status, 404);
    t.equal((await fetch(`${s.url}/uploads/not-an-id/x.png`)).status, 404);
  });

  await t.test('sphere icons and organization pictures through the group actions', async (t) => {
    const sphere = await multipart(
      s.url,
      'group_create',
      { name: 'health', title: "Sog'liqni saqlash" },
      {
        icon_upload: { name: 'health.svg', type: 'image/svg+xml', content: SVG },
        image_upload: { name: 'h.png', type: 'image/png', content: PNG },
      },
      op.token,
    );
    t.equal(sphere.status, 200, JSON.stringify(sphere.body));
    const icon = await fetch(sphere.body.result.icon_url);
    t.equal(icon.headers.get('content-type'), 'image/svg+xml');
    t.match(icon.headers.get('content-security-policy'), /sandbox/, 'an SVG opened directly cannot run anything');
    t.match(sphere.body.result.image_url, /\/uploads\/.+\.png$/);
    const evil = await multipart(
      s.url,
      'group_patch',
      { id: 'health' },
      { icon_upload: { name: 'x.svg', type: 'image/svg+xml', content: EVIL_SVG } },
      op.token,
    );
    t.equal(evil.status, 409);
    t.match(evil.body.error.icon_upload, [/SVG with scripts/]);
    t.equal(
      (await s.ok('group_show', { id: 'health' }, null)).icon_url,
      sphere.body.result.icon_url,
      'the old icon stays',
    );
    await s.ok('structure_create', { code: '1', name_translated: { uz: 'Vazirliklar' } });
    const org = await multipart(
      s.url,
      'organization_create',
      { name: 'stat', title: 'Stat', code: '001', structure: '1' },
      { image_upload: { name: 'logo.png', type: 'image/png', content: PNG } },
      op.token,
    );
    t.equal(org.status, 200, JSON.stringify(org.body));
    t.equal((await fetch(org.body.result.image_url)).status, 200);
    const orgIcon = await multipart(
      s.url,
      'organization_patch',
      { id: 'stat' },
      { icon_upload: { name: 'logo.png', type: 'image/png', content: PNG } },
      op.token,
    );
    t.match(orgIcon.body.error.icon_upload, [/accepts no file/], 'organizations have no separate icon');
  });

  await t.test('the local store keeps keys inside its directory', async (t) => {
    const { LocalStore } = await import('../../src/content/uploads/store.ts');
    const store = new LocalStore(path.join(dir.dir, 'unit'));
    await t.rejects(store.put('../../etc/passwd', PNG, 'image/png'), /invalid upload key/);
    const key = '0f0e0d0c-0b0a-0908-0706-050403020100.png';
    await store.put(key, PNG, 'image/png');
    t.same(await store.get(key), PNG);
    await store.delete(key);
    t.equal(await store.get(key), null);
  });
});
