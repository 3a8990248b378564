// Compaction of jsonld.fromRDF output with a prefixes-only context. jsonld.compact is general
// (term selection, containers, scoped contexts) and took ~10x longer than mapping a 100-dataset
// page; with nothing but prefixes in the context, compaction reduces to IRI -> prefix:suffix and
// unwrapping one-element arrays. Anything this cannot write safely returns null, and the caller
// falls back to jsonld.compact. test/rdf/serialize.test.ts checks both give the same triples.

type Json = Record<string, unknown>;

class Unsafe extends Error {}

export function compactWithPrefixes(
  expanded: unknown[],
  context: Record<string, string>,
  languageTag: (tag: string) => string = (t) => t,
): Json | null {
  // Longest namespace first, so `lang:UZB` wins over `eu:language/UZB`.
  const prefixes = Object.entries(context)
    .filter(([, ns]) => typeof ns === 'string' && /[/#:?]$/.test(ns))
    .sort((a, b) => b[1].length - a[1].length);
  const terms = new Set(Object.keys(context));

  // Most IRIs repeat (predicates, classes, shared nodes): memoise per document.
  const memo = new Map<string, string>();
  const byNamespace = new Map(prefixes.map(([p, ns]) => [ns, p]));
  const iri = (value: string): string => {
    let c = memo.get(value);
    if (c === undefined) {
      c = compactIri(value);
      memo.set(value, c);
    }
    return c;
  };
  const tags = new Map<string, string>();
  const tag = (t: string) => {
    let c = tags.get(t);
    if (c === undefined) tags.set(t, (c = languageTag(t)));
    return c;
  };

  const compactIri = (value: string): string => {
    if (value.startsWith('_:')) return value;
    // Fast path: the namespace ends at the last '#' or '/', which is how every prefix here ends.
    const cut = Math.max(value.lastIndexOf('#'), value.lastIndexOf('/')) + 1;
    const p = cut > 0 && cut < value.length ? byNamespace.get(value.slice(0, cut)) : undefined;
    if (
      p &&
      !value.slice(cut).startsWith('//') &&
      !prefixes.some(([, ns]) => ns.length > cut && value.startsWith(ns))
    ) {
      return `${p}:${value.slice(cut)}`;
    }
    for (const [p, ns] of prefixes) {
      if (value.length > ns.length && value.startsWith(ns)) {
        const suffix = value.slice(ns.length);
        if (!suffix.startsWith('//')) return `${p}:${suffix}`;
      }
    }
    // An absolute IRI whose scheme is also a term would be read back as a compact IRI.
    const colon = value.indexOf(':');
    if (colon > 0 && terms.has(value.slice(0, colon))) throw new Unsafe(value);
    return value;
  };

  const one = (arr: unknown[]) => (arr.length === 1 ? arr[0] : arr);

  const value = (v: unknown): unknown => {
    const o = v as Json;
    if ('@id' in o) return { '@id': iri(o['@id'] as string) };
    if ('@list' in o) return { '@list': (o['@list'] as unknown[]).map(value) };
    if ('@value' in o) {
      const keys = Object.keys(o);
      if (keys.length === 1 && typeof o['@value'] === 'string') return o['@value'];
      const out: Json = { '@value': o['@value'] };
      if (o['@type'] !== undefined) out['@type'] = iri(o['@type'] as string);
      if (o['@language'] !== undefined) out['@language'] = tag(o['@language'] as string);
      if (o['@direction'] !== undefined) out['@direction'] = o['@direction'];
      return out;
    }
    throw new Unsafe('unexpected value object');
  };

  const node = (n: unknown): Json => {
    const o = n as Json;
    const out: Json = {};
    for (const [k, v] of Object.entries(o)) {
      if (k === '@id') out['@id'] = iri(v as string);
      else if (k === '@type') out['@type'] = one((v as string[]).map(iri));
      else if (k === '@graph') out['@graph'] = (v as unknown[]).map(node);
      else if (k.startsWith('@')) throw new Unsafe(k);
      else out[iri(k)] = one((v as unknown[]).map(value));
    }
    return out;
  };

  try {
    return { '@context': context, '@graph': expanded.map(node) };
  } catch (e) {
    if (e instanceof Unsafe) return null;
    throw e;
  }
}
