// Cuts the description of one IRI out of a larger document: its own statements, those of its hash
// IRIs (`{iri}#checksum`, `#service`), the vocabulary terms they use, and the links pointing at it, so a
// distribution or a contact point dereferences to a graph about itself rather than the whole dataset.
import type { Quad } from '@rdfjs/types';

export function describe(quads: readonly Quad[], target: string, ownBase: string): Quad[] {
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const k = q.subject.value;
    let list = bySubject.get(k);
    if (!list) bySubject.set(k, (list = []));
    list.push(q);
  }
  const family = (v: string) => v === target || v.startsWith(`${target}#`);
  // Other documents of the service are linked, not embedded; terms of other vocabularies are embedded.
  const embeddable = (v: string) => family(v) || !v.startsWith(`${ownBase}/`);
  const out: Quad[] = [];
  const done = new Set<string>();
  const queue = [...bySubject.keys()].filter(family);
  while (queue.length) {
    const s = queue.shift()!;
    if (done.has(s)) continue;
    done.add(s);
    for (const q of bySubject.get(s) ?? []) {
      out.push(q);
      const o = q.object;
      if (
        (o.termType === 'NamedNode' || o.termType === 'BlankNode') &&
        !done.has(o.value) &&
        bySubject.has(o.value) &&
        embeddable(o.value)
      )
        queue.push(o.value);
    }
  }
  for (const q of quads)
    if (q.object.termType === 'NamedNode' && family(q.object.value) && !family(q.subject.value)) out.push(q);
  return out;
}

/** Whether a document says anything about an IRI as a subject. */
export const describes = (quads: readonly Quad[], target: string) => quads.some((q) => q.subject.value === target);
