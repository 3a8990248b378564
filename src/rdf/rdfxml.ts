// A small streaming RDF/XML writer.
//
// Why our own: npm has no maintained RDF/JS RDF/XML serialiser. `@rdfjs/serializer-rdfxml` and
// `rdfxml-streaming-serializer` do not exist; the only candidate, `@graphy/content.xml.scribe`, is
// part of graphy.js, a single-maintainer project with no development since its 4.3 line and its own
// term model. RDF/XML output needs little: striped `rdf:Description` blocks with property elements,
// which this writes for any quads (graphs are dropped: RDF/XML has none), checked by round-trips
// through rdfxml-streaming-parser and rdflib in test/rdf.
import type { Literal, Quad, Term } from '@rdfjs/types';
import { PREFIXES } from './namespaces.ts';

const RDF = PREFIXES.rdf;
const XSD_STRING = PREFIXES.xsd + 'string';
const RDF_LANG_STRING = RDF + 'langString';

// NCName (XML namespaces): what may follow the colon of a property element's QName.
const NC_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NC_CHAR = `${NC_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const LOCAL_NAME = new RegExp(`[${NC_START}][${NC_CHAR}]*$`);
// Characters XML 1.0 cannot carry at all, even as character references.
// eslint-disable-next-line no-control-regex
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkXml(s: string): string {
  if (NOT_XML.test(s)) throw new Error('RDF/XML cannot represent a value containing XML 1.0 control characters');
  return s;
}
const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<"\n\r\t]/;
const ENTITY: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\n': '&#10;',
  '\r': '&#13;',
  '\t': '&#9;',
};
// Most values need no escaping: test once, replace only when needed (the writer's hot path).
const escText = (s: string) => (TEXT_SPECIAL.test(checkXml(s)) ? s.replace(/[&<>\r]/g, (c) => ENTITY[c]) : s);
const escAttr = (s: string) => (ATTR_SPECIAL.test(checkXml(s)) ? s.replace(/[&<"\n\r\t]/g, (c) => ENTITY[c]) : s);

export class RdfXmlWriter {
  private readonly nsToPrefix = new Map<string, string>();
  private readonly declared: Record<string, string>;
  private readonly blankIds = new Map<string, string>();
  private readonly qnames = new Map<string, { qname: string; xmlns: string }>();
  private subjectKey: string | null = null;
  private started = false;

  constructor(prefixes: Record<string, string> = PREFIXES) {
    this.declared = { rdf: RDF, ...prefixes };
    for (const [p, ns] of Object.entries(this.declared)) if (!this.nsToPrefix.has(ns)) this.nsToPrefix.set(ns, p);
  }

  /** The XML declaration and the opening rdf:RDF element with every known namespace. */
  head(): string {
    this.started = true;
    const xmlns = Object.entries(this.declared)
      .map(([p, ns]) => `\n    xmlns:${p}="${escAttr(ns)}"`)
      .join('');
    return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${xmlns}>\n`;
  }

  /** Serialises quads; consecutive quads with one subject share an rdf:Description. */
  write(quads: Iterable<Quad>): string {
    let out = this.started ? '' : this.head();
    for (const q of quads) {
      const key = q.subject.termType + ' ' + q.subject.value;
      if (key !== this.subjectKey) {
        if (this.subjectKey !== null) out += '  </rdf:Description>\n';
        out += `  <rdf:Description ${this.nodeAttr(q.subject, 'about')}>\n`;
        this.subjectKey = key;
      }
      out += '    ' + this.property(q.predicate.value, q.object) + '\n';
    }
    return out;
  }

  /** Closes the open description and the document. */
  end(): string {
    let out = this.started ? '' : this.head();
    if (this.subjectKey !== null) out += '  </rdf:Description>\n';
    this.subjectKey = null;
    return out + '</rdf:RDF>\n';
  }

  private blankId(value: string): string {
    let id = this.blankIds.get(value);
    if (!id) {
      id = 'b' + this.blankIds.size;
      this.blankIds.set(value, id);
    }
    return id;
  }

  private nodeAttr(t: Term, iriAttr: 'about' | 'resource'): string {
    if (t.termType === 'BlankNode') return `rdf:nodeID="${this.blankId(t.value)}"`;
    if (t.termType === 'NamedNode') return `rdf:${iriAttr}="${escAttr(t.value)}"`;
    throw new Error(`RDF/XML cannot write a ${t.termType} in this position`);
  }

  private qname(predicate: string): { qname: string; xmlns: string } {
    let q = this.qnames.get(predicate);
    if (q) return q;
    const m = LOCAL_NAME.exec(predicate);
    if (!m || m.index === 0) throw new Error(`RDF/XML cannot write predicate <${predicate}> as a QName`);
    const ns = predicate.slice(0, m.index);
    const prefix = this.nsToPrefix.get(ns);
    // An undeclared namespace is declared on the element itself, so the writer stays one-pass.
    q = prefix
      ? { qname: `${prefix}:${m[0]}`, xmlns: '' }
      : { qname: `ns0:${m[0]}`, xmlns: ` xmlns:ns0="${escAttr(ns)}"` };
    if (this.qnames.size < 10_000) this.qnames.set(predicate, q);
    return q;
  }

  private property(predicate: string, object: Term): string {
    const { qname, xmlns } = this.qname(predicate);
    if (object.termType === 'Literal') {
      const lit = object as Literal;
      let attrs = '';
      if (lit.language) attrs = ` xml:lang="${escAttr(lit.language)}"`;
      else if (lit.datatype && lit.datatype.value !== XSD_STRING && lit.datatype.value !== RDF_LANG_STRING) {
        attrs = ` rdf:datatype="${escAttr(lit.datatype.value)}"`;
      }
      return `<${qname}${xmlns}${attrs}>${escText(lit.value)}</${qname}>`;
    }
    return `<${qname}${xmlns} ${this.nodeAttr(object, 'resource')}/>`;
  }
}

/** A whole document as one string. */
export function toRdfXml(quads: Iterable<Quad>, prefixes?: Record<string, string>): string {
  const w = new RdfXmlWriter(prefixes);
  return w.head() + w.write(quads) + w.end();
}
