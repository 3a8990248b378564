// The W3C SPARQL 1.1 Protocol test suite (vendored manifest, see w3c-protocol/README.md) against our
// endpoint: every query test as the manifest says, every update test answered 4xx (read-only endpoint).
import t from 'tap';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { Parser, Store, DataFactory } from 'n3';
import type { Term } from '@rdfjs/types';
import { startServer } from './helpers.ts';

const DIR = new URL('./w3c-protocol/', import.meta.url);
const MF = 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#';
const HT = 'http://www.w3.org/2011/http#';
const CNT = 'http://www.w3.org/2011/content#';
const UT = 'http://www.w3.org/2009/sparql/tests/test-update#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
const { namedNode } = DataFactory;

const manifestUrl = new URL('manifest.ttl', DIR).href;
const m = new Store(new Parser({ baseIRI: manifestUrl }).parse(readFileSync(new URL('manifest.ttl', DIR), 'utf8')));
const one = (s: Term, p: string) => m.getObjects(s as never, namedNode(p), null)[0];
const all = (s: Term, p: string) => m.getObjects(s as never, namedNode(p), null);
function list(head: Term | undefined): Term[] {
  const out: Term[] = [];
  while (head && head.value !== `${RDF}nil`) {
    out.push(one(head, `${RDF}first`));
    head = one(head, `${RDF}rest`);
  }
  return out;
}

const entries = list(one(namedNode(manifestUrl), `${MF}entries`));

const srv = await startServer({ data: false });
t.teardown(() => srv.close());
// The data each test names, as public named graphs under the IRI the manifest labels them with.
for (const e of entries) {
  for (const gd of all(e, `${UT}graphData`)) {
    const file = new URL(one(gd, `${UT}graph`).value);
    await srv.store.replaceGraph(one(gd, `${RDFS}label`).value, readFileSync(file, 'utf8'), { public: true });
  }
}

interface Answer {
  status: number;
  type: string;
  body: string;
}

function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
  const u = new URL(path, srv.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      u,
      { method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const TABULAR = /^(application\/sparql-results\+(json|xml)|text\/csv|text\/tab-separated-values)\b/;
const BOOLEAN = /^application\/sparql-results\+(json|xml)\b/;
const RDF_TYPES = /^(application\/rdf\+xml|text\/turtle|application\/n-triples|application\/ld\+json)\b/;

function booleanOf(a: Answer): boolean | null {
  if (/json/.test(a.type)) return JSON.parse(a.body).boolean;
  const x = /<boolean>\s*(true|false)\s*<\/boolean>/.exec(a.body);
  return x ? x[1] === 'true' : null;
}

let updates = 0;
let queries = 0;
for (const e of entries) {
  const id = e.value.split('#')[1];
  const name = one(e, `${MF}name`).value;
  const isUpdate = /update/.test(id);
  t.test(`${id}: ${name}`, async (t) => {
    const requests = list(one(one(e, `${MF}action`), `${HT}requests`));
    for (const r of requests) {
      const method = one(r, `${HT}methodName`).value;
      // The manifest's paths start with /sparql/; ours is /sparql.
      const path = one(r, `${HT}absolutePath`).value.replace(/^\/sparql\//, '/sparql');
      const headers: Record<string, string> = {};
      for (const h of list(one(r, `${HT}headers`)))
        headers[one(h, `${HT}fieldName`).value] = one(h, `${HT}fieldValue`).value;
      const bodyNode = one(r, `${HT}body`);
      const body = bodyNode
        ? Buffer.from(
            one(bodyNode, `${CNT}chars`).value,
            /utf-?16/i.test(one(bodyNode, `${CNT}characterEncoding`)?.value ?? '') ? 'utf16le' : 'utf8',
          )
        : undefined;
      const resp = one(r, `${HT}resp`);
      const expected = all(resp, `${MF}expectedStatus`).map((s) => s.value.replace(/.*StatusCode/, ''));
      const a = await send(method, path, headers, body);
      if (isUpdate) {
        // Read-only endpoint: the update (always the first request) is refused, so nothing after it applies.
        t.ok(a.status >= 400 && a.status < 500, `update refused with 4xx (got ${a.status} ${a.body.slice(0, 120)})`);
        updates++;
        return;
      }
      t.ok(
        expected.includes(`${String(a.status)[0]}xx`),
        `status ${a.status} is one of ${expected.join(', ')} (${a.body.slice(0, 160)})`,
      );
      const format = one(resp, `${MF}expectedFormat`)?.value;
      if (format === 'tabular') t.match(a.type, TABULAR, 'tabular result type');
      if (format === 'boolean') t.match(a.type, BOOLEAN, 'boolean result type');
      if (format === 'RDF') t.match(a.type, RDF_TYPES, 'RDF result type');
      const bool = one(resp, `${MF}expectedBoolean`);
      if (bool) t.equal(booleanOf(a), bool.value === 'true', `ASK answers ${bool.value}`);
    }
    queries++;
  });
}

t.test('the whole manifest ran', async (t) => {
  t.equal(entries.length, 34, 'all 34 protocol tests in the manifest');
  t.equal(queries + updates, 34, `${queries} query tests, ${updates} update tests`);
});
