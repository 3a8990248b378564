// The result cache's key and bound: layout differences share an entry, anything that changes the
// meaning (a string, an IRI, an escaped name) does not; the cache stays within its bytes.
import t from 'tap';
import { ResultCache, normaliseQuery } from '../../src/sparql/result-cache.ts';

t.test('normaliseQuery', async (t) => {
  const a = 'SELECT ?s\n  WHERE {  ?s ?p ?o } # trailing comment\n LIMIT 5';
  t.equal(normaliseQuery(a), 'SELECT ?s WHERE { ?s ?p ?o } LIMIT 5', 'white space runs and comments');
  t.equal(normaliseQuery(a), normaliseQuery('SELECT ?s WHERE { ?s ?p ?o } LIMIT 5'));
  t.not(normaliseQuery('ASK { ?s ?p "a  b" }'), normaliseQuery('ASK { ?s ?p "a b" }'), 'strings kept byte for byte');
  t.not(normaliseQuery("ASK { ?s ?p '''x\n\ny''' }"), normaliseQuery("ASK { ?s ?p '''x\ny''' }"), 'long strings too');
  t.not(
    normaliseQuery('ASK { ?s ?p "a # b" }'),
    normaliseQuery('ASK { ?s ?p "a " }'),
    'a # inside a string is no comment',
  );
  t.not(
    normaliseQuery('ASK { <http://x/#a> ?p ?o }'),
    normaliseQuery('ASK { <http://x/> ?p ?o }'),
    'a # inside an IRI is no comment',
  );
  t.not(
    normaliseQuery('ASK { ex:a\\#b ?p ?o }'),
    normaliseQuery('ASK { ex:a\\#c ?p ?o }'),
    'an escaped # in a name is no comment',
  );
  t.not(
    normaliseQuery('ASK { ?s ?p ?o FILTER(?o < "a>  b") }'),
    normaliseQuery('ASK { ?s ?p ?o FILTER(?o < "a> b") }'),
    'a comparison < is not an IRI',
  );
  t.equal(
    normaliseQuery('ASK { ?s ?p "esc\\"  aped" }'),
    'ASK { ?s ?p "esc\\"  aped" }',
    'escaped quotes stay inside the string',
  );
});

t.test('ResultCache: least recently used out first, within its bytes', async (t) => {
  const c = new ResultCache(8000);
  const v = (n: number) => ({ bytes: Buffer.alloc(n), contentType: 'x', truncated: false, form: 'SELECT' });
  c.set('a', v(900));
  c.set('b', v(900));
  t.ok(c.get('a'), 'a kept (and now most recent)');
  for (let i = 0; i < 8; i++) c.set(`k${i}`, v(900));
  t.ok(c.stats().bytes <= 8000, `within the bound (${c.stats().bytes} bytes)`);
  t.notOk(c.get('b'), 'the least recently used went first');
  c.set('huge', v(2000));
  t.notOk(c.get('huge'), 'an answer over an eighth of the cache is not kept');
  c.clear();
  t.equal(c.stats().entries, 0);
  t.equal(c.stats().bytes, 0);
});
