// Term and quad construction shared by every mapping module: literal typing rules, text
// cleaning, and a small quad builder so the mapping code reads as a list of statements.
import { DataFactory } from 'n3';
import type { Literal, NamedNode, Quad, Quad_Object, Quad_Subject, Term } from '@rdfjs/types';
import { rdf, xsd, RDF_TYPE } from './namespaces.ts';
import type { Translated } from './types.ts';

const { namedNode, quad } = DataFactory;
const RDF_LANG_STRING = rdf('langString');

const XSD_STRING = xsd('string');

/**
 * Literals as plain objects with their fields set once. n3's Literal keeps only an encoded id and
 * re-parses it on every `.value`/`.language` read, which dominated export time; RDF/JS consumers
 * (n3 Writer and Store, jsonld, rdf-validate-shacl) read these fields directly. Language tags keep
 * their case (`uz-Cyrl`, BCP 47's recommended form): n3's DataFactory would lower-case them, and
 * RDF compares tags case-insensitively, so both are correct, but this is what readers expect.
 */
class PlainLiteral implements Literal {
  readonly termType = 'Literal' as const;
  readonly direction = '' as const;
  constructor(
    readonly value: string,
    readonly language: string,
    readonly datatype: NamedNode,
  ) {}
  equals(other: Term | null | undefined): boolean {
    if (!other || other.termType !== 'Literal' || other.value !== this.value) return false;
    const o = other as Literal;
    return o.language.toLowerCase() === this.language.toLowerCase() && o.datatype.value === this.datatype.value;
  }
}

// Characters XML 1.0 cannot carry (and that are noise in metadata anyway): C0 controls except
// TAB/LF/CR, U+FFFE/U+FFFF and lone surrogates. Stripped once here so every format can encode the text.
// eslint-disable-next-line no-control-regex
const BAD_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_BAD_CHAR = new RegExp(BAD_CHARS.source); // no `g`: a global regex's test() is stateful
export const cleanText = (s: string): string => (HAS_BAD_CHAR.test(s) ? s.replace(BAD_CHARS, '') : s);

const iriCache = new Map<string, NamedNode>();
/** NamedNode for an IRI; common IRIs are memoised (the 20k-dataset export builds millions of terms). */
export function iri(value: string): NamedNode {
  let n = iriCache.get(value);
  if (!n) {
    n = namedNode(value);
    if (iriCache.size < 50_000) iriCache.set(value, n);
  }
  return n;
}

/** Same quad with its language tag in BCP 47's recommended case (n3's parser lower-cases tags). */
export function withCanonicalLanguage(q: Quad): Quad {
  const o = q.object;
  if (o.termType !== 'Literal' || !o.language) return q;
  const tag = canonicalLanguageTag(o.language);
  return tag === o.language ? q : quad(q.subject, q.predicate, langStr(o.value, tag), q.graph);
}

/** BCP 47's recommended casing: `uz-cyrl` -> `uz-Cyrl`, `en-gb` -> `en-GB`. */
export function canonicalLanguageTag(tag: string): string {
  return tag
    .split('-')
    .map((part, i) =>
      i === 0
        ? part.toLowerCase()
        : part.length === 4 && /^[a-z]+$/i.test(part)
          ? part[0].toUpperCase() + part.slice(1).toLowerCase()
          : part.length === 2
            ? part.toUpperCase()
            : part.toLowerCase(),
    )
    .join('-');
}

export const str = (v: string): Literal => new PlainLiteral(cleanText(v), '', XSD_STRING);
export const langStr = (v: string, lang: string): Literal => new PlainLiteral(cleanText(v), lang, RDF_LANG_STRING);
export const typed = (v: string, datatype: NamedNode): Literal =>
  new PlainLiteral(v, '', datatype.value === RDF_LANG_STRING.value ? XSD_STRING : datatype);
export const bool = (v: boolean): Literal => typed(v ? 'true' : 'false', xsd('boolean'));
export const integer = (v: number): Literal => typed(String(Math.trunc(v)), xsd('integer'));
export const nonNegInt = (v: number): Literal => typed(String(Math.trunc(v)), xsd('nonNegativeInteger'));

/** Absolute http(s) IRI, or undefined for anything else (free text must not become a relative IRI). */
export function httpIri(v: string | null | undefined): string | undefined {
  if (!v) return undefined;
  const s = v.trim();
  if (!/^https?:\/\/[^\s/]+[^\s<>"{}|\\^`]*$/i.test(s)) return undefined;
  try {
    new URL(s);
    return s;
  } catch {
    return undefined;
  }
}

/** `mailto:` IRI for an e-mail address (DCAT-AP wants IRIs, not literals). */
export function mailto(email: string | null | undefined): string | undefined {
  const e = email?.trim();
  if (!e || !/^[^\s@<>"]+@[^\s@<>"]+$/.test(e)) return undefined;
  return 'mailto:' + encodeURI(e.replace(/^mailto:/i, ''));
}

/** `tel:` IRI (RFC 3966 global number) when the phone looks like one. */
export function tel(phone: string | null | undefined): string | undefined {
  const p = phone?.replace(/[\s().-]/g, '');
  if (!p || !/^\+?\d{5,15}$/.test(p)) return undefined;
  return 'tel:' + p;
}

/**
 * Dict timestamps are naive UTC (`2024-05-01T09:12:33.123456`, no zone): typed xsd:dateTime
 * with an explicit `Z`, so they compare correctly with zoned values elsewhere.
 */
export function dateTime(v: string | null | undefined): Literal | undefined {
  if (!v) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(v.trim());
  if (!m) return /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? typed(v.trim(), xsd('date')) : undefined;
  const time = m[2].length === 5 ? m[2] + ':00' : m[2];
  const zone = !m[3] ? 'Z' : m[3].length === 5 ? m[3].slice(0, 3) + ':' + m[3].slice(3) : m[3];
  return typed(`${m[1]}T${time}${zone}`, xsd('dateTime'));
}

/** Coverage dates keep their precision: YYYY -> gYear, YYYY-MM -> gYearMonth, YYYY-MM-DD -> date. */
export function flexibleDate(v: string | null | undefined): Literal | undefined {
  const s = v?.trim();
  if (!s) return undefined;
  if (/^\d{4}$/.test(s)) return typed(s, xsd('gYear'));
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(s)) return typed(s, xsd('gYearMonth'));
  if (/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(s)) return typed(s, xsd('date'));
  return dateTime(s);
}

export const date = (v: string | null | undefined): Literal | undefined =>
  v && /^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? typed(v.trim(), xsd('date')) : undefined;

/** Collects quads for one mapping call; `add` ignores undefined objects so optional fields stay one line. */
export class QuadBuilder {
  readonly quads: Quad[] = [];
  add(s: Quad_Subject, p: NamedNode, o: Quad_Object | undefined): this {
    if (o) this.quads.push(quad(s, p, o));
    return this;
  }
  type(s: Quad_Subject, ...classes: NamedNode[]): this {
    for (const c of classes) this.quads.push(quad(s, RDF_TYPE, c));
    return this;
  }
  iri(s: Quad_Subject, p: NamedNode, value: string | undefined): this {
    if (value) this.quads.push(quad(s, p, iri(value)));
    return this;
  }
  /** One `@lang` literal per non-empty translation; returns how many were written. */
  translated(s: Quad_Subject, p: NamedNode, tr: Translated | null | undefined, languages: readonly string[]): number {
    if (!tr) return 0;
    let n = 0;
    for (const lang of languages) {
      const v = tr[lang];
      if (typeof v === 'string' && v.trim()) {
        this.quads.push(quad(s, p, langStr(v.trim(), lang)));
        n++;
      }
    }
    return n;
  }
  /** Translated text, else the plain fallback tagged with the default language. */
  text(
    s: Quad_Subject,
    p: NamedNode,
    tr: Translated | null | undefined,
    fallback: string | null | undefined,
    languages: readonly string[],
  ): number {
    const n = this.translated(s, p, tr, languages);
    if (n || !fallback?.trim()) return n;
    this.quads.push(quad(s, p, langStr(fallback.trim(), languages[0])));
    return 1;
  }
  push(quads: Iterable<Quad>): this {
    for (const q of quads) this.quads.push(q);
    return this;
  }
}

/**
 * Reorders quads so each subject's statements are contiguous (first-appearance order kept).
 * Turtle and RDF/XML writers group only consecutive statements of one subject.
 */
export function groupBySubject(quads: Quad[]): Quad[] {
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = q.subject.termType === 'BlankNode' ? '_:' + q.subject.value : q.subject.value;
    const g = groups.get(key);
    if (g) g.push(q);
    else groups.set(key, [q]);
  }
  if (groups.size <= 1) return quads;
  const out: Quad[] = [];
  for (const g of groups.values()) for (const q of g) out.push(q);
  return out;
}

/** Languages of a translated map that have text, in portal order. */
export function presentLanguages(tr: Translated | null | undefined, languages: readonly string[]): string[] {
  if (!tr) return [];
  return languages.filter((l) => typeof tr[l] === 'string' && !!tr[l]!.trim());
}
