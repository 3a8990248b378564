// SPARQL_STORE_URL: Pasport writes the public dataset graphs to an external SPARQL 1.1 store (here a
// real Virtuoso from Debian's virtuoso-opensource, started on loopback with its own database) through
// the Graph Store HTTP Protocol, and answers /sparql from it. Private graphs never reach that store.
import t from 'tap';
import { ExternalSparqlStore } from '../../src/sparql/external-store.ts';
import { SparqlMalformed, SparqlUpdateRefused } from '../../src/sparql/errors.ts';
import { startServer } from '../helpers/server.ts';
import {
  startVirtuoso,
  stopVirtuoso,
  virtuosoAvailable as available,
  VIRTUOSO,
  type Virtuoso,
} from '../helpers/virtuoso.ts';
import { buildCatalog } from '../dcat/fixture.ts';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** Straight to Virtuoso's own endpoint (not through Pasport): what any client of that store sees. */
async function direct(v: Virtuoso, query: string): Promise<any> {
  const r = await fetch(`${v.http}/sparql`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/sparql-results+json' },
    body: new URLSearchParams({ query }).toString(),
  });
  if (!r.ok) throw new Error(`virtuoso ${r.status}: ${await r.text()}`);
  return r.json();
}

// Virtuoso 7.2 answers some ASK queries as a one-row SELECT (__ASK_RETVAL); count instead.
const ask = async (v: Virtuoso, where: string) =>
  Number((await direct(v, `SELECT (COUNT(*) AS ?n) WHERE { ${where} }`)).results.bindings[0].n.value) > 0;

t.test(
  'external SPARQL store (Virtuoso)',
  { skip: available ? false : `Virtuoso not installed (${VIRTUOSO}); apt-get install virtuoso-opensource` },
  async (t) => {
    const v = await startVirtuoso();
    t.teardown(() => stopVirtuoso(v));
    // The anonymous /sparql-graph-crud endpoint stays closed; writes authenticate (Digest) as dba.
    const auth = { user: 'dba', password: 'dba' };

    for (const mode of ['gsp', 'update'] as const)
      t.test(
        `ExternalSparqlStore writes via ${mode === 'gsp' ? 'Graph Store Protocol' : 'SPARQL Update'}`,
        async (t) => {
          const prefix = `http://example.org/${mode}/`;
          const store = await ExternalSparqlStore.start({
            queryUrl: `${v.http}/sparql`,
            ...(mode === 'gsp'
              ? { gspUrl: `${v.http}/sparql-graph-crud-auth` }
              : { updateUrl: `${v.http}/sparql-auth` }),
            ...auth,
            graphPrefix: prefix,
            maxRows: 3,
          });
          const g1 = `${prefix}g1`;
          const g2 = `${prefix}g2`;
          await store.replaceGraph(
            g1,
            `<${prefix}s> <http://example.org/p> "café"@fr .\n<${prefix}s> <http://example.org/p> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .\n`,
            { public: true },
          );
          t.ok(store.hasGraph(g1));
          t.ok(await ask(v, `GRAPH <${g1}> { ?s ?p "café"@fr }`), 'the public graph is in the store, UTF-8 intact');
          await store.replaceGraph(g1, `<${prefix}s> <http://example.org/p> "new" .\n`, { public: true });
          t.notOk(await ask(v, `GRAPH <${g1}> { ?s ?p "café"@fr }`), 'replace removes the old triples');
          t.ok(await ask(v, `GRAPH <${g1}> { ?s ?p "new" }`));

          await store.replaceGraph(g2, `<${prefix}secret> <http://example.org/p> "private" .\n`, { public: false });
          t.notOk(store.hasGraph(g2));
          t.notOk(await ask(v, `GRAPH ?g { <${prefix}secret> ?p ?o }`), 'a private graph is never written');
          await store.replaceGraph(g1, `<${prefix}s> <http://example.org/p> "now private" .\n`, { public: false });
          t.notOk(await ask(v, `GRAPH <${g1}> { ?s ?p ?o }`), 'a graph turned private is deleted from the store');
          await store.dropGraph(g1);

          const bulk = await store.loadBulk(
            Array.from({ length: 6 }, (_, i) => ({
              graph: `${prefix}b${i}`,
              data: `<${prefix}b${i}> <${RDF_TYPE}> <http://example.org/T> .\n`,
              public: i !== 5,
            })),
          );
          t.same(bulk, { loaded: 6, failed: [] });
          const sel = await store.query(`SELECT ?s WHERE { ?s a <http://example.org/T> } ORDER BY ?s`, {
            format: 'json',
          });
          t.equal(sel.contentType, 'application/sparql-results+json');
          t.equal(JSON.parse(sel.body).results.bindings.length, 3, 'row cap applies');
          t.equal(sel.truncated, true);
          const all = await store.query(
            `SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://example.org/T> FILTER(STRSTARTS(STR(?s), "${prefix}")) }`,
            { format: 'json', scope: 'all' },
          );
          t.equal(
            JSON.parse(all.body).results.bindings[0].n.value,
            '5',
            'the private entry of the bulk load was left out',
          );
          const c = await store.query(
            `CONSTRUCT { ?s a <http://example.org/T> } WHERE { ?s a <http://example.org/T> FILTER(?s = <${prefix}b0>) }`,
            { format: 'ntriples' },
          );
          t.equal(c.form, 'CONSTRUCT');
          t.match(c.contentType, /^application\/n-triples/);
          t.equal(
            c.body.trim(),
            `<${prefix}b0> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/T> .`,
          );
          const a = await store.query(`ASK { <${prefix}b1> a <http://example.org/T> }`, { format: 'xml' });
          t.same(
            JSON.parse((await store.query(`ASK { <${prefix}b1> a <http://example.org/T> }`, { format: 'json' })).body),
            { head: {}, boolean: true },
            'ASK is normalised to SPARQL JSON',
          );
          t.match(a.body, /<boolean>true<\/boolean>/);
          await t.rejects(store.query('SELECT ?x WHERE { ?x ', {}), SparqlMalformed, 'a syntax error is a 400');
          await t.rejects(store.query(`INSERT DATA { <${prefix}x> <${prefix}y> 1 }`), SparqlUpdateRefused);
          await t.rejects(store.replaceGraph(`${prefix}bad`, '<not a triple', { public: true }), SparqlMalformed);

          // a restart finds the graphs it wrote; pruneStale drops those nothing rewrote
          const again = await ExternalSparqlStore.start({
            queryUrl: `${v.http}/sparql`,
            ...(mode === 'gsp'
              ? { gspUrl: `${v.http}/sparql-graph-crud-auth` }
              : { updateUrl: `${v.http}/sparql-auth` }),
            ...auth,
            graphPrefix: prefix,
          });
          t.ok(again.hasGraph(`${prefix}b0`));
          await again.replaceGraph(`${prefix}b0`, `<${prefix}b0> <${RDF_TYPE}> <http://example.org/T> .\n`, {
            public: true,
          });
          t.equal(await again.pruneStale(), 4);
          t.same(
            again.graphs().map((x) => x.graph),
            [`${prefix}b0`],
          );
          await again.close();
          await store.close();
        },
      );

    t.test('Pasport with SPARQL_STORE_URL', async (t) => {
      const s = await startServer(t, {
        env: {
          SPARQL_STORE_URL: `${v.http}/sparql`,
          SPARQL_STORE_GSP_URL: `${v.http}/sparql-graph-crud-auth`,
          SPARQL_STORE_USER: auth.user,
          SPARQL_STORE_PASSWORD: auth.password,
        },
      });
      const { names } = await buildCatalog(s);
      const sparql = async (query: string, token?: string) => {
        await s.settle();
        const r = await fetch(`${s.url}/sparql`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/sparql-query',
            Accept: 'application/sparql-results+json',
            ...(token ? { Authorization: token } : {}),
          },
          body: query,
        });
        t.equal(r.status, 200, `query answered: ${query.slice(0, 60)}`);
        return (await r.json()) as { results: { bindings: Record<string, { value: string }>[] } };
      };
      const count = async (where: string, token?: string) =>
        Number(
          (
            await sparql(
              `PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/> SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ${where} }`,
              token,
            )
          ).results.bindings[0].n.value,
        );
      const mine = `FILTER(STRSTARTS(STR(?d), "${s.url}"))`;

      t.equal(await count(`?d a dcat:Dataset ${mine}`), names.length, 'every public dataset is in the external store');
      t.equal(
        await count(`?d a dcat:Dataset ${mine}`, s.sysadmin.token),
        names.length,
        'sysadmins query the same public data (private datasets are not in external mode)',
      );
      const secret = await s.ok('package_show', { id: 'secret-one' });
      t.notOk(
        await ask(v, `GRAPH ?g { ?d ?p ?o FILTER(CONTAINS(STR(?d), "${secret.id}")) }`),
        'the private dataset never reached the store, not even via its own endpoint',
      );
      t.notOk(await ask(v, `GRAPH ?g { ?d ?p ?o FILTER(CONTAINS(STR(?o), "Secret")) }`));

      await s.ok('package_patch', { id: names[0], title_translated: { uz: 'Yangi nom', en: 'Renamed dataset' } });
      t.equal(
        await count(`?d dct:title "Renamed dataset"@en ${mine}`),
        1,
        'an update reaches the store through the outbox',
      );
      const turned = await s.ok('package_patch', { id: names[1], private: true });
      t.equal(await count(`?d a dcat:Dataset ${mine}`), names.length - 1, 'a dataset made private leaves the store');
      t.notOk(await ask(v, `GRAPH <${s.url}/dataset/${turned.id}> { ?s ?p ?o }`));
      await s.ok('package_delete', { id: names[2], reason: 'test' });
      t.equal(await count(`?d a dcat:Dataset ${mine}`), names.length - 2, 'a deleted dataset leaves the store');
      const created = await s.ok('package_create', {
        name: 'fresh-one',
        owner_org: 'stat',
        title_translated: { en: 'Fresh' },
      });
      t.equal(await count(`?d dct:identifier "${created.passport_code}"`), 1, 'a new dataset appears');

      const upd = await fetch(`${s.url}/sparql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sparql-update' },
        body: 'CLEAR ALL',
      });
      t.equal(upd.status, 403, 'updates are still refused');
      const bad = await fetch(`${s.url}/sparql?query=${encodeURIComponent('SELECT ?x WHERE {')}`);
      t.equal(bad.status, 400, 'a syntax error from the store is a 400');
      const ttl = await fetch(
        `${s.url}/sparql?query=${encodeURIComponent(`CONSTRUCT WHERE { <${s.url}/catalog> ?p ?o }`)}`,
        { headers: { Accept: 'text/turtle' } },
      );
      t.equal(ttl.status, 200);
      t.match(ttl.headers.get('content-type') ?? '', /text\/turtle/);
    });
  },
);
