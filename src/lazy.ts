// Libraries loaded on first use rather than at start-up: most processes never read a spreadsheet,
// compact JSON-LD or federate a SPARQL query, and these three (with what they pull in: Comunica's
// component loader, jsonld's HTTP client, exceljs's zip and stream stack, about 700 modules) took
// about 1 s of the 2.5 s a process spent loading Pasport's modules. The first request that needs one
// waits for it once (exceljs ~0.3 s, jsonld ~0.1 s, Comunica ~0.4 s); concurrent first callers share
// that one load.
type ExcelJS = typeof import('exceljs');
type JsonLd = typeof import('jsonld');
type Comunica = typeof import('@comunica/query-sparql');

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((err) => {
      loading = undefined; // a failed load (a missing file mid-upgrade) is tried again next time
      throw err;
    });
    return loading;
  };
}

export const loadExcel = once<ExcelJS>(async () => {
  const m = (await import('exceljs')) as ExcelJS & { default?: ExcelJS };
  return m.default ?? m;
});
export const loadJsonLd = once<JsonLd>(async () => {
  const m = (await import('jsonld')) as JsonLd & { default?: JsonLd };
  return m.default ?? m;
});
export const loadComunica = once<Comunica>(() => import('@comunica/query-sparql'));
