// Public surface of the SPARQL module.
export { SparqlStore } from './store.ts';
export type {
  Scope,
  SparqlStoreOptions,
  GraphOptions,
  BulkEntry,
  StoreQueryOptions,
  StoreQueryResult,
  StoreStats,
  GraphInputFormat,
} from './store.ts';
export { sparqlPlugin } from './plugin.ts';
export type { SparqlPluginOptions, SparqlLogEntry } from './plugin.ts';
export { Federation } from './federation.ts';
export { EXAMPLE_QUERIES } from './examples.ts';
export type { ExampleQuery } from './examples.ts';
export { analyzeQuery } from './analyze.ts';
export * from './errors.ts';
export { MEDIA_TYPES, type FormatName } from './formats.ts';
