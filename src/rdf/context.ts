// Per-context derived values (URI minting, default language), computed once per MappingContext
// object rather than on every dataset of an export.
import type { NamedNode } from '@rdfjs/types';
import { makeUris, type Uris } from './uris.ts';
import { defaultVocabNs, namespace } from './namespaces.ts';
import type { MappingContext } from './types.ts';

export interface Resolved {
  ctx: MappingContext;
  uris: Uris;
  languages: readonly string[];
  defaultLanguage: string;
  defaultPublisherType: string;
  /** Pasport's vocabulary namespace and its term maker (`r.pas('priority')`). */
  vocabNs: string;
  pas: (local: string) => NamedNode;
}

const cache = new WeakMap<MappingContext, Resolved>();

export function resolve(ctx: MappingContext): Resolved {
  let r = cache.get(ctx);
  if (!r) {
    if (!ctx.languages?.length) throw new Error('MappingContext.languages must name at least one language');
    r = {
      ctx,
      uris: makeUris(ctx.baseUri),
      languages: ctx.languages,
      defaultLanguage: ctx.languages[0],
      defaultPublisherType: ctx.catalog.publisher.type ?? 'NationalAuthority',
      vocabNs: ctx.vocabNs ?? defaultVocabNs(ctx.baseUri),
      pas: namespace(ctx.vocabNs ?? defaultVocabNs(ctx.baseUri)),
    };
    cache.set(ctx, r);
  }
  return r;
}

/** Options shared by the mapping functions. */
export interface MapOptions {
  /**
   * Nodes already described in the output (organizations, spheres, services, vocabulary terms).
   * Share one set across a page or an export so shared nodes are written once. Default: a fresh
   * set per call, so each result is a complete, self-contained document.
   */
  seen?: Set<string>;
  /** Add rdf:type/prefLabel/inScheme for referenced EU-table and other vocabulary IRIs (default true). */
  describeTerms?: boolean;
}
