// SPARQLWrapper (Python) as a real client: SELECT in JSON, XML, CSV; ASK; CONSTRUCT.
import t from 'tap';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { startServer } from './helpers.ts';

const PY = '/usr/bin/python3';
const run = promisify(execFile);

const probe = fs.existsSync(PY)
  ? await run(PY, ['-c', 'import SPARQLWrapper']).then(
      () => null,
      (e) => String(e.stderr || e.message),
    )
  : `${PY} not found`;
if (probe) {
  t.fail(
    `python3-sparqlwrapper is missing: install it with "apt-get install -y python3-sparqlwrapper" (${probe.trim()})`,
  );
} else {
  const srv = await startServer({ n: 100 });
  t.teardown(() => srv.close());
  const { stdout } = await run(PY, [new URL('./sparqlwrapper.py', import.meta.url).pathname, srv.endpoint], {
    timeout: 60_000,
  });
  const out = JSON.parse(stdout);
  t.same(out.select_json, ['uz-ds-000001', 'uz-ds-000002', 'uz-ds-000003'], 'SELECT JSON');
  t.same(out.select_xml, ['uz-ds-000001', 'uz-ds-000002', 'uz-ds-000003'], 'SELECT XML (POST)');
  t.match(out.select_csv, /^d,t\r?\n.*uz-ds-000001/s, 'SELECT CSV');
  t.equal(out.ask, true, 'ASK');
  t.match(out.construct_turtle, /uz-ds-000001/, 'CONSTRUCT Turtle');
  t.match(out.construct_n3, /uz-ds-000001/, 'CONSTRUCT with format=n3 (was a 406)');
  if (out.construct_xml_triples !== null) t.equal(out.construct_xml_triples, 2, 'CONSTRUCT RDF/XML parsed by rdflib');
  else t.match(out.construct_xml_raw, /rdf:RDF/, 'CONSTRUCT RDF/XML');
  t.match(out.malformed, /QueryBadFormed|400/, 'malformed query -> 400');
  const agents = new Set(srv.logs.map((l) => l.method));
  t.ok(agents.has('GET') && agents.has('POST'));
}
