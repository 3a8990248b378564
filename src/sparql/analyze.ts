// A light scan of a SPARQL string, done before it reaches an engine: which form it is (to pick result
// formats and refuse updates with a clear message) and which SERVICE endpoints it calls (to route it to
// federation). Comments, strings and IRIs are skipped, so keywords inside them do not count. The real
// parse (with line:column errors) is Oxigraph's.
export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export interface QueryInfo {
  /** null when the text is not recognisably a query (the engine will report the syntax error). */
  form: QueryForm | null;
  isUpdate: boolean;
  /** IRIs after SERVICE [SILENT]; a variable endpoint is reported as '?var'. */
  services: string[];
  /** FROM / FROM NAMED present (only the outer query may have them). */
  hasDataset: boolean;
}

const UPDATE_WORDS = new Set(['INSERT', 'DELETE', 'LOAD', 'CLEAR', 'CREATE', 'DROP', 'COPY', 'MOVE', 'ADD', 'WITH']);
const FORMS = new Set(['SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE']);

interface Token {
  kind: 'word' | 'iri' | 'var' | 'other';
  text: string;
}

function* tokens(q: string): Generator<Token> {
  const n = q.length;
  let i = 0;
  while (i < n) {
    const c = q[i];
    if (c === '#') {
      while (i < n && q[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const long = q.startsWith(c.repeat(3), i);
      const end = long ? c.repeat(3) : c;
      i += end.length;
      while (i < n && !q.startsWith(end, i)) {
        if (q[i] === '\\') i++;
        i++;
      }
      i += end.length;
      yield { kind: 'other', text: 'string' };
      continue;
    }
    if (c === '<') {
      const m = /^<([^<>"{}|^`\\\u0000-\u0020]*)>/.exec(q.slice(i, i + 4096));
      if (m) {
        i += m[0].length;
        yield { kind: 'iri', text: m[1] };
        continue;
      }
      i++;
      yield { kind: 'other', text: '<' };
      continue;
    }
    if (c === '?' || c === '$') {
      const m = /^[?$][A-Za-z0-9_\u00B7-\uFFFF]+/.exec(q.slice(i, i + 512));
      if (m) {
        i += m[0].length;
        yield { kind: 'var', text: m[0] };
        continue;
      }
    }
    const w = /^[A-Za-z_][A-Za-z0-9_\-.:]*/.exec(q.slice(i, i + 512));
    if (w) {
      i += w[0].length;
      yield { kind: 'word', text: w[0] };
      continue;
    }
    i++;
    yield { kind: 'other', text: c };
  }
}

export function analyzeQuery(text: string): QueryInfo {
  let form: QueryForm | null = null;
  let isUpdate = false;
  const services: string[] = [];
  let first = true;
  let afterService = false;
  let hasDataset = false;
  for (const t of tokens(text)) {
    if (first) {
      if (t.kind === 'word') {
        const up = t.text.toUpperCase();
        if (up === 'PREFIX' || up === 'BASE') continue;
        if (/:$/.test(t.text) || /^[A-Za-z_][\w\-.]*:$/.test(t.text)) continue; // PREFIX name:
        if (FORMS.has(up)) {
          form = up as QueryForm;
          first = false;
          continue;
        }
        if (UPDATE_WORDS.has(up)) {
          isUpdate = true;
          first = false;
          continue;
        }
        first = false;
        continue;
      }
      if (t.kind === 'iri') continue; // the IRI of PREFIX / BASE
      if (t.kind === 'other' && t.text === ':') continue; // PREFIX : <...>
      first = false;
    }
    if (afterService) {
      if (t.kind === 'word' && t.text.toUpperCase() === 'SILENT') continue;
      if (t.kind === 'iri') services.push(t.text);
      else if (t.kind === 'var') services.push(t.text);
      else if (t.kind === 'word') services.push(t.text); // prefixed name; resolved by the engine
      afterService = false;
      continue;
    }
    if (t.kind === 'word') {
      const up = t.text.toUpperCase();
      if (up === 'SERVICE') afterService = true;
      else if (up === 'FROM') hasDataset = true;
    }
  }
  return { form, isUpdate, services, hasDataset };
}
