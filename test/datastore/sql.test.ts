// datastore_search_sql: DataStore tables are readable; every escape attempt fails with a 4xx and leaves the
// database as it was.
import t from 'tap';
import { startServer } from '../helpers/server.ts';
import { catalog, dataset, dsResource } from './helpers.ts';
import { searchSql, type Layers } from '../../src/datastore/sql-search.ts';
import { ActionError } from '../../src/errors.ts';
import type { ActionContext } from '../../src/actions/types.ts';

t.test('datastore_search_sql', async (t) => {
  const s = await startServer(t);
  const { editor, outsider } = await catalog(s);
  const { pkg } = await dataset(s, 'open');
  const id = await dsResource(
    s,
    pkg.id,
    [
      { id: 'name', type: 'text' },
      { id: 'n', type: 'int' },
      { id: 'x', type: 'numeric' },
    ],
    {
      records: [
        { name: 'a', n: 1, x: 1.5 },
        { name: 'b', n: 2, x: 2.5 },
      ],
    },
  );
  const { pkg: hidden } = await dataset(s, 'hidden', { private: true });
  const secret = await dsResource(s, hidden.id, [{ id: 'secret', type: 'text' }], {
    records: [{ secret: 'the answer' }],
  });
  const sqlq = (text: string, token: string | null = outsider.token) =>
    s.call('datastore_search_sql', { sql: text }, { get: true, token });

  t.test('reads DataStore tables', async (t) => {
    const r = await sqlq(`SELECT name, n * 2 AS double, x FROM "${id}" WHERE n > 0 ORDER BY n DESC`);
    t.equal(r.status, 200, JSON.stringify(r.body));
    t.same(r.body.result.records, [
      { name: 'b', double: 4, x: 2.5 },
      { name: 'a', double: 2, x: 1.5 },
    ]);
    t.same(r.body.result.fields, [
      { id: 'name', type: 'text' },
      { id: 'double', type: 'int4' },
      { id: 'x', type: 'numeric' },
    ]);
    t.equal(r.body.result.sql, `SELECT name, n * 2 AS double, x FROM "${id}" WHERE n > 0 ORDER BY n DESC`);
    const agg = await sqlq(
      `WITH t AS (SELECT * FROM "${id}") SELECT count(*) AS c, sum(n) AS s, string_agg(upper(name), ',') AS names FROM t;`,
    );
    t.equal(agg.status, 200, JSON.stringify(agg.body));
    t.same(agg.body.result.records, [{ c: 2, s: 2 + 1, names: 'A,B' }]);
    const empty = await sqlq(`SELECT name FROM "${id}" WHERE false`);
    t.same(empty.body.result, {
      sql: `SELECT name FROM "${id}" WHERE false`,
      records: [],
      fields: [{ id: 'name', type: 'text' }],
    });
    const member = await sqlq(`SELECT secret FROM "${secret}"`, editor.token);
    t.equal(member.status, 200, 'an organization member reads the private table');
  });

  const attempts: [string, string][] = [
    ['pg_catalog', 'SELECT * FROM pg_catalog.pg_authid'],
    ['pg_class unqualified', 'SELECT relname FROM pg_class'],
    ['quoted catalogue', 'SELECT * FROM "pg_catalog"."pg_user"'],
    ['information_schema', 'SELECT * FROM information_schema.tables'],
    ['quoted information_schema', 'SELECT * FROM "information_schema"."tables"'],
    ['core table package', 'SELECT * FROM package'],
    ['core table public.package', 'SELECT * FROM public.package'],
    ['quoted core table', 'SELECT * FROM "public"."user"'],
    ['user table', 'SELECT * FROM "user"'],
    ['api_token', 'SELECT token_hash FROM api_token'],
    ['join with a core table', `SELECT * FROM "${'ID'}" JOIN api_token ON true`],
    ['pg_read_file', "SELECT pg_read_file('/etc/passwd')"],
    ['quoted pg_read_file', `SELECT "pg_read_file"('/etc/passwd')`],
    ['qualified function', "SELECT pg_catalog.current_setting('data_directory')"],
    ['current_setting', "SELECT current_setting('data_directory')"],
    ['set_config', "SELECT set_config('statement_timeout', '0', false)"],
    ['dblink', "SELECT * FROM dblink('dbname=postgres', 'select 1') AS t(x int)"],
    ['query_to_xml', "SELECT query_to_xml('select * from package', true, true, '')"],
    ['lo_import', "SELECT lo_import('/etc/passwd')"],
    ['regclass cast', "SELECT 'package'::regclass"],
    ['writable CTE', `WITH d AS (DELETE FROM "${'ID'}" RETURNING *) SELECT * FROM d`],
    ['insert', `INSERT INTO "${'ID'}" (name) VALUES ('x')`],
    ['update in a CTE', `WITH u AS (UPDATE "${'ID'}" SET n = 0 RETURNING 1) SELECT 1`],
    ['SELECT INTO', `SELECT * INTO stolen FROM "${'ID'}"`],
    ['multiple statements', `SELECT 1; DROP TABLE "${'ID'}"`],
    ['multiple statements, second a select', 'SELECT 1; SELECT 2'],
    ['COPY', "COPY package TO '/tmp/x'"],
    ['COPY in a subquery', `SELECT * FROM (COPY package TO STDOUT) x`],
    ['line comment hiding a statement', `SELECT 1 --\n; DROP TABLE "${'ID'}"`],
    ['block comment', `SELECT 1 /* ; DROP TABLE "${'ID'}" */`],
    ['nested comment', 'SELECT /* /* */ 1; DROP TABLE x; /* */ */ 1'],
    ['dollar quoting', 'SELECT $$; DROP TABLE x; $$'],
    ['escape string', "SELECT E'\\''; DROP TABLE x; --'"],
    ['unterminated string', "SELECT 'abc"],
    ['locking clause', `SELECT * FROM "${'ID'}" FOR UPDATE`],
    ['set role', 'SET ROLE postgres'],
    ['DO block', "DO 'BEGIN NULL; END'"],
    ['explain', 'EXPLAIN SELECT 1'],
    ['TABLE command', 'TABLE package'],
    ['private dataset table', `SELECT * FROM "${'SECRET'}"`],
    ['private table in a subquery', `SELECT (SELECT secret FROM "${'SECRET'}" LIMIT 1) AS s`],
    ['private table through a CTE', `WITH s AS (SELECT * FROM "${'SECRET'}") SELECT * FROM s`],
    ['unknown table', 'SELECT * FROM "00000000-0000-4000-8000-000000000000"'],
    ['pg_sleep', 'SELECT pg_sleep(10)'],
    ['generate_series timeout', 'SELECT count(*) FROM generate_series(1, 100000000000) a'],
    ['empty', ''],
  ];

  t.test('escape attempts all fail with a 4xx', async (t) => {
    for (const [label, raw] of attempts) {
      const text = raw.replaceAll('ID', id).replaceAll('SECRET', secret);
      const r = await sqlq(text);
      t.ok(
        r.status >= 400 && r.status < 500,
        `${label}: ${r.status} ${JSON.stringify(r.body?.error ?? r.body).slice(0, 160)}`,
      );
      t.notOk(r.body?.success, `${label} did not succeed`);
    }
  });

  t.test('each layer holds without the ones before it', async (t) => {
    const user = { id: outsider.id, name: outsider.name, sysadmin: false, operator: false };
    const ctx = {
      db: s.pasport.services.db,
      inTransaction: false,
      user,
      config: s.config,
      services: s.pasport.services,
      afterCommit() {},
      files: {},
      definition: () => undefined,
      call: async () => undefined,
    } as unknown as ActionContext;
    const status = async (text: string, layers: Layers) => {
      try {
        await searchSql(ctx, text.replaceAll('ID', id).replaceAll('SECRET', secret), layers);
        return 200;
      } catch (e) {
        if (e instanceof ActionError) return e.status;
        throw e;
      }
    };
    const noParser = { parser: false, explain: true, role: true };
    const onlyTxnAndRole = { parser: false, explain: false, role: true };
    const onlyTxn = { parser: false, explain: false, role: false };
    t.equal(await status('SELECT * FROM pg_catalog.pg_authid', noParser), 403, 'EXPLAIN: catalogue relation');
    t.equal(await status('SELECT * FROM public.package', noParser), 403, 'EXPLAIN: core table');
    t.equal(await status('SELECT * FROM "SECRET"', noParser), 403, 'EXPLAIN: private dataset table');
    t.equal(await status("SELECT * FROM pg_ls_dir('.') AS f", noParser), 409, 'EXPLAIN: function scan not listed');
    t.equal(await status('SELECT 1; DROP TABLE "ID"', noParser), 409, 'extended protocol: one statement');
    t.equal(
      await status('WITH d AS (DELETE FROM "ID" RETURNING 1) SELECT * FROM d', onlyTxn),
      409,
      'a data-modifying WITH cannot run as a subquery',
    );
    t.equal(await status('SELECT * FROM "ID" FOR UPDATE', onlyTxn), 409, 'read-only transaction: no row locks');
    t.equal(await status('SELECT count(*) FROM generate_series(1, 100000000000) a', onlyTxn), 409, 'statement_timeout');
    const role = await status('SELECT * FROM public.api_token', onlyTxnAndRole);
    if (s.pasport.services.dbKind === 'postgres' && role !== 200) {
      t.equal(role, 403, 'role: no SELECT on core tables');
      t.equal(await status("SELECT pg_read_file('/etc/hostname')", onlyTxnAndRole), 403, 'role: no server files');
      t.equal(
        await status("SELECT current_setting('data_directory')", onlyTxnAndRole),
        403,
        'role: no privileged settings',
      );
    } else t.comment('the server did not allow creating the reader role; that layer is absent here');
    t.equal(await status('SELECT name FROM "ID"', noParser), 200, 'a plain query passes every layer');
  });

  t.test('everything is intact', async (t) => {
    t.equal((await s.ok('datastore_search', { resource_id: id })).total, 2);
    t.equal((await s.ok('datastore_search', { resource_id: secret })).total, 1);
    t.ok(await s.ok('package_show', { id: pkg.id }));
    const users = await s.pasport.services.db.selectFrom('user').select('name').execute();
    t.ok(users.length >= 3);
    const tables = await s.pasport.services.db.selectFrom('datastore_resource').select('resource_id').execute();
    t.equal(tables.length, 2);
  });
});
