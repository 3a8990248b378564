// What the external store answers, made into what the endpoint promises: graph results re-serialised
// in the asked format under the row cap, ASK in the standard shape whatever the store sent, JSON
// solutions capped; XML/CSV/TSV solutions pass through (the store's own row limit applies).
import ox from 'oxigraph';
import type { QueryForm } from './analyze.ts';
import { SparqlEngineError, SparqlError } from './errors.ts';
import { MEDIA_TYPES, isGraphForm, type FormatName } from './formats.ts';

/** The boolean of an ASK answer in SPARQL JSON, or in Virtuoso's `__ASK_RETVAL` one-row form. */
function readAsk(body: string): boolean {
  const j = JSON.parse(body) as { boolean?: boolean; results?: { bindings?: Record<string, { value: string }>[] } };
  if (typeof j.boolean === 'boolean') return j.boolean;
  const row = j.results?.bindings?.[0];
  const v = row ? Object.values(row)[0]?.value : undefined;
  if (v === undefined) throw new Error('no boolean in the ASK result');
  return v === '1' || v === 'true';
}

function askBody(b: boolean, format: FormatName): string {
  if (format === 'json') return JSON.stringify({ head: {}, boolean: b });
  if (format === 'xml')
    return `<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head><boolean>${b}</boolean></sparql>`;
  return String(b);
}

/** The store's answer (graph forms fetched as Turtle, ASK as JSON) in `format`, cut at maxRows. */
export function shapeResult(
  text: string,
  form: QueryForm,
  format: FormatName,
  maxRows: number,
): { body: string; truncated: boolean } {
  let body = text;
  let truncated = false;
  try {
    if (isGraphForm(form)) {
      let quads = ox.parse(body, { format: 'text/turtle' });
      if (quads.length > maxRows) {
        quads = quads.slice(0, maxRows);
        truncated = true;
      }
      const out = new ox.Store(quads);
      body = out.dump({ format: MEDIA_TYPES[format], from_graph_name: ox.defaultGraph() });
    } else if (form === 'ASK') {
      body = askBody(readAsk(body), format);
    } else if (format === 'json' && form === 'SELECT') {
      const j = JSON.parse(body) as { results?: { bindings?: unknown[] } };
      if (j.results?.bindings && j.results.bindings.length > maxRows) {
        j.results.bindings = j.results.bindings.slice(0, maxRows);
        truncated = true;
        body = JSON.stringify(j);
      }
    }
  } catch (e) {
    if (e instanceof SparqlError) throw e;
    throw new SparqlEngineError(`external store sent an unreadable result: ${(e as Error).message}`);
  }
  return { body, truncated };
}
