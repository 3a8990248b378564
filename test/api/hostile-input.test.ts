// Each hostile request from issue 11 answers a clear CKAN 4xx, quickly, on PostgreSQL and on PGlite:
// broken multipart, NUL and lone surrogates (naming the field), bodies nested 100,000 deep, 100,000
// parentheses, oversized q / fq_list / notes, any content type read as JSON, uploads refused unread.
import http from 'node:http';
import t, { type Test } from 'tap';
import { startServer, type TestServer } from '../helpers/server.ts';
import { makeOrg, passport } from '../helpers/fixtures.ts';
import { ckanShaped } from '../helpers/fuzz.ts';

interface Answer {
  status: number;
  text: string;
  body: any;
  ms: number;
}

async function send(
  s: TestServer,
  action: string,
  init: RequestInit & { token?: string | null; query?: string } = {},
): Promise<Answer> {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? s.sysadmin.token : init.token;
  if (token) headers.set('Authorization', token);
  const t0 = performance.now();
  const res = await fetch(`${s.url}/api/3/action/${action}${init.query ?? ''}`, { method: 'POST', ...init, headers });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* left as text */
  }
  return { status: res.status, text, body, ms: performance.now() - t0 };
}

const json = (data: unknown, ctype = 'application/json') => ({
  headers: { 'Content-Type': ctype },
  body: typeof data === 'string' ? data : JSON.stringify(data),
});

/** `maxMs`: 2 s, more only for bodies of many megabytes whose transfer alone takes longer on a busy machine. */
function refused(t: Test, a: Answer, status: number, what: string, maxMs = 2000) {
  t.equal(a.status, status, `${what}: ${status} (${a.text.slice(0, 160)})`);
  t.equal(ckanShaped(a.status, a.text), null, `${what}: CKAN-shaped`);
  t.ok(a.ms < maxMs, `${what}: answered in ${Math.round(a.ms)} ms`);
  t.ok(a.text.length < 1500, `${what}: short answer (${a.text.length} bytes)`);
}

/**
 * Posts a multipart body whose fields come first (as ckanapi and browsers send them) and whose file
 * part streams 64 kB chunks until the server answers, or until `fileBytes` when given.
 */
function endlessUpload(
  s: TestServer,
  action: string,
  token: string,
  fields: Record<string, string>,
  fileBytes = Infinity,
): Promise<{ status: number; text: string; sentBytes: number }> {
  const boundary = 'pasportboundary7d3f';
  const head =
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
    `--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const url = new URL(`${s.url}/api/3/action/${action}`);
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: { Authorization: token, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => {
          text += c;
        });
        res.on('end', () => {
          req.destroy();
          resolve({ status: res.statusCode ?? 0, text, sentBytes });
        });
      },
    );
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    req.write(head);
    const chunk = Buffer.alloc(64 * 1024, 1);
    const pump = () => {
      while (!answered && sentBytes < fileBytes) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
}

for (const embedded of [false, true]) {
  t.test(`hostile input on ${embedded ? 'PGlite' : 'PostgreSQL'}`, async (t) => {
    const s = await startServer(t, { embedded });
    await makeOrg(s, 'org');
    const ds = await s.ok('package_create', passport('target', 'org'));

    t.test('multipart: no boundary, truncated, repeated file part, form fields as multipart', async (t) => {
      refused(
        t,
        await send(s, 'package_create', { headers: { 'Content-Type': 'multipart/form-data' }, body: 'name=x' }),
        400,
        'no boundary',
      );
      const truncated = '--XX\r\nContent-Disposition: form-data; name="name"\r\n\r\nabc';
      refused(
        t,
        await send(s, 'package_create', {
          headers: { 'Content-Type': 'multipart/form-data; boundary=XX' },
          body: truncated,
        }),
        400,
        'truncated',
      );
      const dup = new FormData();
      dup.append('package_id', ds.id);
      dup.append('upload', new Blob(['a,b\n1,2\n']), 'one.csv');
      dup.append('upload', new Blob(['c,d\n3,4\n']), 'two.csv');
      refused(t, await send(s, 'resource_create', { body: dup }), 400, 'repeated file part');
      const form = new FormData();
      form.append('id', ds.id);
      const shown = await send(s, 'package_show', { body: form });
      t.equal(shown.status, 200, 'a form posted as multipart is read as a form');
      t.equal(shown.body.result.id, ds.id);
    });

    t.test('any other content type is read as JSON; never a bare 415 or 406', async (t) => {
      for (const ctype of ['text/xml', '%%%garbage', 'image/png', 'application/json; charset=utf-8', '']) {
        const a = await send(s, 'package_show', json({ id: ds.id }, ctype));
        t.equal(a.status, 200, `${ctype || 'no content type'}: read as JSON`);
      }
      const bad = await send(s, 'package_show', json('{"id": ', 'text/xml'));
      refused(t, bad, 400, 'bad JSON under another type');
    });

    t.test('__proto__ keys', async (t) => {
      const a = await send(
        s,
        'package_create',
        json('{"__proto__": {"sysadmin": true}, "name": "proto-x", "owner_org": "org"}'),
      );
      refused(t, a, 409, '__proto__ in JSON');
      t.ok(a.body.error.__proto__ ?? a.text.includes('__proto__'), 'names the key');
      refused(
        t,
        await send(s, 'package_show', {
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: '__proto__=x&id=y',
        }),
        409,
        '__proto__ in a form',
      );
    });

    t.test('NUL and lone surrogates answer 409 naming the field', async (t) => {
      const cases: [string, Record<string, unknown>, string][] = [
        ['package_create', { ...passport('nul-title', 'org'), title: 'a\u0000b' }, 'title'],
        ['package_create', { ...passport('nul-notes', 'org'), notes: 'a\u0000b' }, 'notes'],
        ['package_create', { ...passport('nul-tag', 'org'), tags: [{ name: 'a\u0000b' }] }, 'tags'],
        ['package_create', { ...passport('nul-extra', 'org'), extras: [{ key: 'k', value: 'a\u0000b' }] }, 'extras'],
        [
          'package_create',
          { ...passport('nul-res', 'org'), resources: [{ url: 'http://x.org/a', name: 'a\u0000b' }] },
          'resources',
        ],
        ['resource_create', { package_id: ds.id, url: 'http://x.org/a', name: 'a\u0000b' }, 'name'],
        ['organization_create', { name: 'nul-org', title: 'a\u0000b' }, 'title'],
        ['user_create', { name: 'nul\u0000user', email: 'n@example.org', password: 'long-enough-password' }, 'name'],
        ['package_show', { id: 'a\u0000b' }, 'id'],
        ['package_patch', { id: ds.id, title: 'x\ud800' }, 'title'],
        ['package_show', { id: '\udc00' }, 'id'],
        ['tag_show', { id: 'a\u0000' }, 'id'],
      ];
      for (const [action, data, field] of cases) {
        const a = await send(s, action, json(data));
        refused(t, a, 409, `${action} ${field}`);
        t.ok(a.body?.error?.[field], `${action}: the error names ${field}`);
      }
      t.equal((await s.ok('package_show', { id: ds.id })).title, ds.title, 'nothing was written');
    });

    t.test('nesting, sizes and search terms are bounded', async (t) => {
      const deep = `{"name": "deep-x", "owner_org": "org", "extras": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
      refused(t, await send(s, 'package_create', json(deep)), 409, 'package_create nested 100,000 deep');
      refused(
        t,
        await send(
          s,
          'resource_create',
          json(`{"package_id": "${ds.id}", "url": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`),
        ),
        409,
        'resource_create nested 100,000 deep',
      );
      refused(
        t,
        await send(s, 'package_search', json({ q: `${'('.repeat(100_000)}a${')'.repeat(100_000)}` })),
        409,
        '100,000 parentheses in q',
      );
      refused(t, await send(s, 'package_search', json({ q: 'word '.repeat(200_000) })), 409, '1 MB q of words');
      refused(t, await send(s, 'package_search', json({ q: 'word '.repeat(1000) })), 409, 'q of 1,000 words');
      refused(
        t,
        await send(s, 'package_search', json({ fq: `title:${'('.repeat(50)}x${')'.repeat(50)}` })),
        409,
        'fq nested 50 deep',
      );
      const list = await send(s, 'package_search', json({ fq_list: Array.from({ length: 1_000_000 }, (_, i) => i) }));
      refused(t, list, 409, 'fq_list of 1,000,000 numbers', 15_000);
      refused(
        t,
        await send(s, 'datastore_search', json({ resource_id: ds.resources[0].id, q: 'w'.repeat(200_000) })),
        409,
        'datastore_search with a 200 kB q',
      );
      // Over the body limit, refused from its Content-Length before it is read; under it, by the field limit.
      refused(
        t,
        await send(s, 'package_patch', json({ id: ds.id, notes: 'n'.repeat(50 * 1024 * 1024) })),
        413,
        '50 MB notes',
        15_000,
      );
      const notes = await send(s, 'package_patch', json({ id: ds.id, notes: 'n'.repeat(2 * 1024 * 1024) }));
      refused(t, notes, 409, '2 MB notes');
      t.match(notes.body.error.notes[0], /at most \d+ bytes/);
    });

    t.test('an anonymous upload is refused before its body is read', async (t) => {
      const form = new FormData();
      form.append('package_id', ds.id);
      form.append('upload', new Blob([new Uint8Array(30 * 1024 * 1024)]), 'big.bin');
      const a = await send(s, 'resource_create', { body: form, token: null });
      refused(t, a, 403, 'anonymous multipart', 15_000);
      t.match(a.body.error.message, /requires an authenticated user/);
    });

    t.test('a signed-in caller without rights is refused while the upload is still arriving', async (t) => {
      const outsider = await s.user(`outsider-${embedded ? 'e' : 'p'}`);
      // The file part never ends: only an answer given before the body is read can arrive at all.
      const answer = await endlessUpload(s, 'resource_create', outsider.token, { package_id: ds.id, name: 'x' });
      t.equal(answer.status, 403, 'refused with the file still arriving');
      t.ok(answer.sentBytes < 64 * 1024 * 1024, `refused after ${Math.round(answer.sentBytes / 1024)} kB of the file`);
      t.match(JSON.parse(answer.text).error.__type, 'Authorization Error');
      const editorAnswer = await endlessUpload(
        s,
        'resource_create',
        s.sysadmin.token,
        { package_id: ds.id, name: 'x' },
        2 * 1024 * 1024,
      );
      t.equal(editorAnswer.status, 200, 'a caller with rights still uploads (a bounded file)');
    });

    t.test('the dataset is as it was', async (t) => {
      const now = await s.ok('package_show', { id: ds.id });
      t.equal(now.resources.length, ds.resources.length + 1, 'only the permitted upload added a resource');
      t.equal(now.notes, ds.notes);
    });
  });
}
