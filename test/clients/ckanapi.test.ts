// The real ckanapi CLI (the Python client CKAN operators script with) against a real Pasport server.
// ckanapi is on no registry this project may install from, so this runs where CKANAPI_DIR points at an
// extracted ckanapi-4.11 tree (see ../shared/tools/README.md); the wire-level replay of the same requests
// in ckanapi-wire.test.ts runs everywhere.
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { makeOrg, passport } from '../helpers/fixtures.ts';
import { tempDir } from '../helpers/db.ts';

const dir = process.env.CKANAPI_DIR;
const runner = path.resolve(process.env.PASPORT_SHARED ?? '../shared', 'tools/run-ckanapi.sh');

if (!dir || !fs.existsSync(path.join(dir, 'ckanapi')) || !fs.existsSync(runner)) {
  t.test(
    'ckanapi CLI (set CKANAPI_DIR to an extracted ckanapi-4.11 tree to run it)',
    { skip: 'CKANAPI_DIR is not set' },
    () => {},
  );
} else {
  t.test('ckanapi CLI', async (t) => {
    const s = await startServer(t);
    const tmp = tempDir();
    t.teardown(tmp.remove);
    // Asynchronously: the server under test runs in this process and must keep answering.
    const ckan = (...args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        execFile(
          'sh',
          [runner, ...args],
          { encoding: 'utf8', env: { ...process.env, CKANAPI_DIR: dir }, cwd: tmp.dir, timeout: 120000 },
          (error, stdout, stderr) => {
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout, err: stderr });
          },
        );
      });
    await makeOrg(s, 'stat');
    for (const n of ['alpha', 'beta', 'gamma']) await s.ok('package_create', passport(n, 'stat'));
    await s.ok('package_create', { ...passport('hidden', 'stat'), private: true });

    const status = await ckan('action', 'status_show', '-r', s.url);
    t.equal(status.code, 0, status.err);
    t.equal(JSON.parse(status.out).site_url, s.url);

    const created = await ckan(
      'action',
      'package_create',
      '-r',
      s.url,
      '-a',
      s.sysadmin.token,
      'name=delta',
      'owner_org=stat',
      'title=Delta',
    );
    t.equal(created.code, 0, created.err);
    t.equal(JSON.parse(created.out).title, 'Delta');

    const dump = await ckan('dump', 'datasets', '--all', '-r', s.url, '-O', 'dump.jsonl');
    t.equal(dump.code, 0, dump.err);
    const lines = fs
      .readFileSync(path.join(tmp.dir, 'dump.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    t.same(
      lines.map((d) => d.name).sort(),
      ['alpha', 'beta', 'delta', 'gamma'],
      'every public dataset, no private one',
    );

    const edited = lines.map((d) => (d.name === 'alpha' ? { ...d, title: 'Alpha 2' } : d));
    edited.push({ name: 'epsilon', title: 'Epsilon', owner_org: 'stat' });
    fs.writeFileSync(path.join(tmp.dir, 'load.jsonl'), edited.map((d) => JSON.stringify(d)).join('\n') + '\n');
    const load = await ckan('load', 'datasets', '-I', 'load.jsonl', '-r', s.url, '-a', s.sysadmin.token);
    t.equal(load.code, 0, load.err + load.out);
    t.equal((await s.ok('package_show', { id: 'alpha' })).title, 'Alpha 2', 'load updated an existing dataset');
    t.equal((await s.ok('package_show', { id: 'epsilon' })).title, 'Epsilon', 'load created a new one');

    // load then search at once: the index is written with each dataset.
    const search = await ckan('search', 'datasets', 'q=Epsilon', '-r', s.url);
    t.equal(search.code, 0, search.err);
    t.same(
      search.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).name),
      ['epsilon'],
    );

    const facets = await ckan(
      'action',
      'package_search',
      '-g',
      '-r',
      s.url,
      '-a',
      s.sysadmin.token,
      'facet.field:["tags","res_format"]',
      'include_private:true',
      'rows:0',
    );
    t.equal(facets.code, 0, facets.err);
    const fr = JSON.parse(facets.out);
    t.equal(fr.count, 6, 'a sysadmin with include_private sees the private dataset too');
    t.equal(fr.facets.tags.economy, 4, 'alpha, beta, gamma and the private one carry the tag');

    fs.writeFileSync(path.join(tmp.dir, 'f.csv'), 'a,b\n1,2\n');
    const up = await ckan(
      'action',
      'resource_create',
      '-r',
      s.url,
      '-a',
      s.sysadmin.token,
      'package_id=beta',
      'name=upload',
      'upload@f.csv',
    );
    t.equal(up.code, 0, up.err);
    const res = JSON.parse(up.out);
    t.equal(res.url_type, 'upload');
    t.equal(await (await fetch(res.url)).text(), 'a,b\n1,2\n', 'the uploaded file downloads from its resource URL');

    const missing = await ckan('action', 'package_show', 'id=nope', '-r', s.url);
    t.not(missing.code, 0);
    t.match(missing.err, /NotFound/);
  });
}
