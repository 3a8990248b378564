// The Solr query subset CKAN clients send, parsed once into the engine-neutral AST (ast.ts): fielded
// terms, quoted phrases, AND/OR/NOT, leading -/+, parentheses, [a TO b] / {a TO b} ranges with `*` and
// date math, `field:*`, `foo*` prefixes, `*:*`. Precedence: NOT > AND > OR > juxtaposition, and
// juxtaposed clauses are ANDed (CKAN runs Solr with q.op=AND), so the harvester's
// `organization:a OR organization:b -groups:g metadata_modified:[... TO *]` means
// (a OR b) AND NOT g AND range.
import { SearchError, SearchQueryError } from '../../errors.ts';
import { resolveField, type ResolvedField } from '../fields.ts';
import { ALL, and, or, type Node } from './ast.ts';
import { resolveDate } from './date-math.ts';
import { pyArgs } from '../py-repr.ts';

const FIELD_PREFIX = /[A-Za-z_][\w.-]*:(?!\s)/y;
const TRUE = /^(true|1|yes|on|t|y)$/i;
const FALSE = /^(false|0|no|off|f|n)$/i;

export class ParseError extends Error {}

class Parser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly now: Date,
  ) {}

  parse(): Node {
    const n = this.seq(null);
    this.ws();
    if (this.pos < this.src.length) this.fail(`unexpected "${this.src[this.pos]}"`);
    return n;
  }

  private fail(msg: string): never {
    throw new ParseError(`${msg} at position ${this.pos}`);
  }

  private ws(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private peek(): string {
    return this.src[this.pos] ?? '';
  }

  private keyword(...words: string[]): string | null {
    this.ws();
    for (const w of words) {
      if (this.src.startsWith(w, this.pos)) {
        const after = this.src[this.pos + w.length] ?? '';
        const symbolic = !/^[A-Z]/.test(w);
        if (symbolic || after === '' || /[\s(]/.test(after)) {
          this.pos += w.length;
          return w;
        }
      }
    }
    return null;
  }

  /** Clauses side by side, ANDed, up to `)` or the end. */
  private seq(field: ResolvedField | null): Node {
    const items: Node[] = [];
    for (;;) {
      this.ws();
      if (this.pos >= this.src.length || this.peek() === ')') break;
      items.push(this.orExpr(field));
    }
    return and(items);
  }

  private orExpr(field: ResolvedField | null): Node {
    const items = [this.andExpr(field)];
    while (this.keyword('OR', '||')) items.push(this.andExpr(field));
    return or(items);
  }

  private andExpr(field: ResolvedField | null): Node {
    const items = [this.unary(field)];
    while (this.keyword('AND', '&&')) items.push(this.unary(field));
    return and(items);
  }

  private unary(field: ResolvedField | null): Node {
    this.ws();
    const c = this.peek();
    if ((c === '-' || c === '!' || c === '+') && this.src[this.pos + 1] && !/\s/.test(this.src[this.pos + 1])) {
      this.pos++;
      const inner = this.unary(field);
      return c === '+' ? inner : { type: 'not', item: inner };
    }
    if (this.keyword('NOT')) return { type: 'not', item: this.unary(field) };
    if (this.pos >= this.src.length || c === ')') this.fail('missing term');
    if (
      /^(AND|OR)(\s|$)/.test(this.src.slice(this.pos)) ||
      this.src.startsWith('&&', this.pos) ||
      this.src.startsWith('||', this.pos)
    )
      this.fail('operator without a term');
    return this.primary(field);
  }

  private primary(field: ResolvedField | null): Node {
    const c = this.peek();
    if (c === '(') return this.group(field);
    if (!field) {
      if (this.src.startsWith('*:*', this.pos)) {
        this.pos += 3;
        return ALL;
      }
      FIELD_PREFIX.lastIndex = this.pos;
      const m = FIELD_PREFIX.exec(this.src);
      if (m) {
        const name = m[0].slice(0, -1);
        const resolved = name === '*' ? null : resolveField(name);
        if (!resolved) this.fail(`unknown field "${name}"`);
        this.pos += m[0].length;
        return this.fieldValue(resolved);
      }
    }
    return field ? this.fieldValue(field) : this.freeValue();
  }

  private group(field: ResolvedField | null): Node {
    this.pos++; // (
    const n = this.seq(field);
    this.ws();
    if (this.peek() !== ')') this.fail('missing ")"');
    this.pos++;
    return n;
  }

  private quoted(): string {
    this.pos++; // "
    let out = '';
    while (this.pos < this.src.length && this.peek() !== '"') {
      if (this.peek() === '\\' && this.pos + 1 < this.src.length) this.pos++;
      out += this.src[this.pos++];
    }
    if (this.peek() !== '"') this.fail('unterminated phrase');
    this.pos++;
    return out;
  }

  /** An unquoted word up to whitespace or a parenthesis (or a range end inside ranges); escapes kept literal. */
  private word(stops = /[\s()]/): { text: string; escapedStar: boolean } {
    let out = '';
    let escapedStar = false;
    while (this.pos < this.src.length && !stops.test(this.peek())) {
      if (this.peek() === '\\' && this.pos + 1 < this.src.length) {
        this.pos++;
        if (this.peek() === '*') escapedStar = true;
      }
      out += this.src[this.pos++];
    }
    if (!out) this.fail('missing value');
    return { text: out, escapedStar };
  }

  private freeValue(): Node {
    if (this.peek() === '"') return { type: 'text', field: null, value: this.quoted(), phrase: true };
    const { text } = this.word();
    if (text === '*') return ALL;
    return { type: 'text', field: null, value: text, phrase: false };
  }

  private fieldValue(field: ResolvedField): Node {
    const c = this.peek();
    if (c === '(') return this.group(field);
    if (c === '[' || c === '{') return this.range(field);
    if (c === '"') return this.value(field, this.quoted(), true, false);
    const { text, escapedStar } = this.word();
    if (text === '*' && !escapedStar) return { type: 'exists', field };
    return this.value(field, text, false, !escapedStar && text.length > 1 && text.endsWith('*'));
  }

  private value(field: ResolvedField, raw: string, phrase: boolean, prefix: boolean): Node {
    const kind = field.def.kind;
    if (kind === 'text') return { type: 'text', field: field.name, value: raw, phrase };
    if (kind === 'bool') {
      if (!TRUE.test(raw) && !FALSE.test(raw)) this.fail(`"${raw}" is not a boolean for ${field.name}`);
      return { type: 'term', field, value: TRUE.test(raw) ? 'true' : 'false' };
    }
    if (kind === 'date') {
      const d = resolveDate(raw, this.now);
      if (!d) this.fail(`"${raw}" is not a date for ${field.name}`);
      return { type: 'range', field, lo: d, hi: d, loIncl: true, hiIncl: true };
    }
    return prefix
      ? { type: 'term', field, value: raw.slice(0, -1), prefix: true }
      : { type: 'term', field, value: raw };
  }

  private bound(field: ResolvedField): string | null {
    this.ws();
    const raw = this.peek() === '"' ? this.quoted() : this.word(/[\s\]}]/).text;
    if (raw === '*') return null;
    if (field.def.kind === 'date') {
      const d = resolveDate(raw, this.now);
      if (!d) this.fail(`"${raw}" is not a date for ${field.name}`);
      return d;
    }
    if (field.def.kind === 'bool' || field.def.kind === 'text') this.fail(`ranges are not supported on ${field.name}`);
    return raw;
  }

  private range(field: ResolvedField): Node {
    const loIncl = this.peek() === '[';
    this.pos++;
    const lo = this.bound(field);
    if (!this.keyword('TO')) this.fail('missing TO in range');
    const hi = this.bound(field);
    this.ws();
    const end = this.peek();
    if (end !== ']' && end !== '}') this.fail('missing "]" in range');
    this.pos++;
    if (lo === null && hi === null) return { type: 'exists', field };
    return { type: 'range', field, lo, hi, loIncl, hiIncl: end === ']' };
  }
}

/** Parses one q or fq string. Local parameters `{!...}` are refused as CKAN refuses them (409). */
export function parseQuery(src: string, now: Date = new Date()): Node {
  if (/\{!/.test(src)) throw new SearchError(pyArgs('Local parameters are not supported.'));
  const trimmed = src.trim();
  if (!trimmed || trimmed === '""' || trimmed === "''") return ALL;
  try {
    return new Parser(trimmed, now).parse();
  } catch (e) {
    if (e instanceof ParseError) throw new SearchQueryError(pyArgs(`Cannot parse "${trimmed}": ${e.message}`));
    throw e;
  }
}
