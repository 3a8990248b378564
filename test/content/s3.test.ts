// The S3-compatible upload store against a real S3 server on loopback: s3rver, an S3 implementation
// in Node that speaks the REST protocol started by the test. The same store
// runs against AWS S3, MinIO or Ceph through PASPORT_S3_* (README). The store alone, then the whole
// service over HTTP: a news picture uploaded, served, replaced and removed, bytes kept only in S3.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import S3rver from 's3rver';
import { S3Store } from '../../src/content/uploads/s3.ts';
import { startServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/db.ts';
import { PNG, multipart, sha256 } from './fixtures.ts';

const BUCKET = 'pasport-test';
const KEYS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }; // s3rver's fixed credentials

t.test('S3 upload store', async (t) => {
  const dir = tempDir('pasport-s3rver-');
  t.teardown(dir.remove);
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir.dir,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  t.teardown(() => server.close());
  const endpoint = `http://127.0.0.1:${port}`;
  /** Every object file s3rver holds in the bucket, by key. */
  const objects = () =>
    fs.existsSync(path.join(dir.dir, BUCKET))
      ? fs
          .readdirSync(path.join(dir.dir, BUCKET), { recursive: true })
          .map(String)
          .filter((f) => f.endsWith('._S3rver_object'))
      : [];

  await t.test('round trip through the store', async (t) => {
    const store = new S3Store({ bucket: BUCKET, endpoint, region: 'us-east-1', prefix: 'unit/', ...KEYS });
    const key = `${crypto.randomUUID()}.png`;
    await store.put(key, PNG, 'image/png');
    t.same(await store.get(key), PNG, 'the bytes come back');
    t.ok(
      objects().some((f) => f.includes(`unit/${key}`)),
      'kept under the prefix in the bucket',
    );
    await store.delete(key);
    t.equal(await store.get(key), null, 'gone after delete');
    t.equal(await store.get('never-written.png'), null, 'an unknown key is null, not an error');
    const missing = new S3Store({ bucket: 'no-such-bucket', endpoint, region: 'us-east-1', prefix: '', ...KEYS });
    await t.rejects(
      missing.put('x.png', PNG, 'image/png'),
      { name: 'NoSuchBucket' },
      'a store error reaches the caller',
    );
  });

  await t.test('the service keeps uploads in S3', async (t) => {
    const uploads = tempDir('pasport-s3-local-');
    t.teardown(uploads.remove);
    const s = await startServer(t, {
      env: {
        PASPORT_UPLOAD_DIR: uploads.dir,
        PASPORT_S3_BUCKET: BUCKET,
        PASPORT_S3_ENDPOINT: endpoint,
        PASPORT_S3_PREFIX: 'site/',
        PASPORT_S3_ACCESS_KEY_ID: KEYS.accessKeyId,
        PASPORT_S3_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
      },
    });
    const op = await s.user('s3-editor', { operator: true });
    const before = objects().length;
    const r = await multipart(
      s.url,
      'news_create',
      { name: 'in-s3', title_translated: { ru: 'В S3' } },
      { image_upload: { name: 'p.png', type: 'image/png', content: PNG } },
      op.token,
    );
    t.equal(r.status, 200, JSON.stringify(r.body));
    t.equal(objects().length, before + 1, 'one object written to the bucket');
    t.ok(
      objects().some((f) => f.includes('site/')),
      'under the configured prefix',
    );
    t.same(
      fs
        .readdirSync(uploads.dir, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.png')),
      [],
      'nothing in the local directory',
    );
    const got = await fetch(r.body.result.image_url);
    t.equal(got.status, 200);
    t.equal(got.headers.get('etag'), `"${sha256(PNG)}"`);
    t.same(Buffer.from(await got.arrayBuffer()), PNG, 'served from S3 with its bytes');
    const del = await s.call('news_delete', { id: r.body.result.id }, { token: op.token });
    t.equal(del.status, 200, JSON.stringify(del.body));
    t.equal((await fetch(r.body.result.image_url)).status, 404, "a deleted item's file is no longer served");
    t.equal(objects().length, before, 'and its object is gone from the bucket');
  });
});
