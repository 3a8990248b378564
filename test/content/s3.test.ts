// The S3-compatible upload store against a real endpoint. It needs one (e.g. MinIO on loopback):
// PASPORT_TEST_S3_BUCKET, PASPORT_TEST_S3_ENDPOINT, PASPORT_TEST_S3_ACCESS_KEY_ID, PASPORT_TEST_S3_SECRET_ACCESS_KEY.
// Without them it is reported as skipped, never as passed.
import crypto from 'node:crypto';
import t from 'tap';
import { S3Store } from '../../src/content/uploads/s3.ts';
import { PNG } from './fixtures.ts';

const env = process.env;
t.test('S3 store round trip', { skip: env.PASPORT_TEST_S3_BUCKET ? false : 'no S3 endpoint configured (PASPORT_TEST_S3_BUCKET)' }, async (t) => {
  const store = new S3Store({
    bucket: env.PASPORT_TEST_S3_BUCKET!, endpoint: env.PASPORT_TEST_S3_ENDPOINT || null, region: env.PASPORT_TEST_S3_REGION || 'us-east-1',
    prefix: 'pasport-test/', accessKeyId: env.PASPORT_TEST_S3_ACCESS_KEY_ID || null, secretAccessKey: env.PASPORT_TEST_S3_SECRET_ACCESS_KEY || null,
  });
  const key = `${crypto.randomUUID()}.png`;
  await store.put(key, PNG, 'image/png');
  t.same(await store.get(key), PNG);
  await store.delete(key);
  t.equal(await store.get(key), null);
});
