// The organization import from the register: CSV and JSON, idempotent upsert by external_id (then
// structure + code, then name), one bad record refusing the whole batch, and the command line.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { parseRecords } from '../../src/orgimport/import.ts';

const CSV = `external_id;name;title_uz;title_ru;code;structure;email
201111111;min-eco;Iqtisodiyot vazirligi;"Министерство экономики; и финансов";001;2;eco@gov.uz
202222222;min-health;Sog'liqni saqlash vazirligi;Министерство здравоохранения;002;2;
`;

t.test('organization import', async (t) => {
  const records = parseRecords(CSV);
  t.same(
    records[0],
    {
      external_id: '201111111',
      name: 'min-eco',
      title_translated: { uz: 'Iqtisodiyot vazirligi', ru: 'Министерство экономики; и финансов' },
      code: '001',
      structure: '2',
      email: 'eco@gov.uz',
    },
    'CSV with ; and quoted fields',
  );

  const s = await startServer(t);
  await s.ok('structure_create', { code: '2', name_translated: { uz: 'Vazirliklar' } });
  const r1 = await s.ok('organization_import', { data: CSV, format: 'csv' });
  t.same(r1, { created: 2, updated: 0, unchanged: 0 });
  const eco = await s.ok('organization_show', { id: 'min-eco' });
  t.equal(eco.external_id, '201111111');
  t.equal(eco.title_translated.ru, 'Министерство экономики; и финансов');
  t.equal(eco.code, '001');
  const admins = await s.pasport.services.db
    .selectFrom('member')
    .select('id')
    .where('group_id', '=', eco.id)
    .where('table_name', '=', 'user')
    .execute();
  t.equal(admins.length, 0, 'the importer is not made an admin of every organization');

  t.same(
    await s.ok('organization_import', { data: CSV }),
    { created: 0, updated: 0, unchanged: 2 },
    'the same file again changes nothing',
  );
  // Renamed in the register: found by external_id, not by name.
  const r3 = await s.ok('organization_import', {
    records: [{ external_id: '202222222', name: 'min-health-care', title: 'Health' }],
  });
  t.same(r3, { created: 0, updated: 1, unchanged: 0 });
  t.equal((await s.ok('organization_show', { id: 'min-health-care' })).external_id, '202222222');

  const bad = await s.call('organization_import', {
    records: [
      { name: 'fine-one', external_id: '203' },
      { name: 'Bad Name!', external_id: '204' },
    ],
  });
  t.equal(bad.status, 409);
  t.ok(JSON.stringify(bad.body.error).includes('record 2'), 'the bad record is named');
  t.equal((await s.call('organization_show', { id: 'fine-one' })).status, 404, 'nothing of the batch was written');
  const dup = await s.call('organization_create', { name: 'dup', external_id: '201111111' });
  t.equal(dup.status, 409, 'external_id is unique');
  t.match(JSON.stringify(dup.body.error.external_id), /already used/);
  const plain = await s.user('importer');
  t.equal((await s.call('organization_import', { records: [] }, { token: plain.token })).status, 403, 'sysadmins only');

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orgimport-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'orgs.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      organizations: [
        { external_id: '205', name: 'from-cli', title: 'CLI' },
        { external_id: '201111111', name: 'min-eco', email: 'new@gov.uz' },
      ],
    }),
  );
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['bin/pasport.mjs', 'organizations', 'import', file],
    { env: { ...process.env, DATABASE_URL: s.config.databaseUrl!, LOG_LEVEL: 'warn' } },
  );
  t.same(JSON.parse(stdout.trim().split('\n').at(-1)!), { created: 1, updated: 1, unchanged: 0 });
  t.match(stderr, /"task":"organizations import"/, 'JSON progress lines when not on a terminal');
  t.equal((await s.ok('organization_show', { id: 'min-eco' })).email, 'new@gov.uz');
});
