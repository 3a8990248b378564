// Answers of the public store kept in memory (issue 21): portal pages and dashboards send the same few
// queries again and again, and each repeat paid the full engine time (Q1 ~250 ms at 50,000 datasets).
//
// The key holds the normalised query, the format, the limits, the protocol dataset, the base IRI and the
// store's version; every change that reaches the store bumps the version and empties the cache, and an
// answer computed under an older version is not kept. Only public answers are cached: a sysadmin's
// never enter it, so an answer cannot cross visibility classes. Bounded in bytes (least recently used
// out first); the bound comes from PASPORT_MEMORY_BUDGET (budget.ts).

export interface CachedAnswer {
  bytes: Buffer;
  contentType: string;
  truncated: boolean;
  form: string;
}

export class ResultCache {
  private map = new Map<string, CachedAnswer>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string): CachedAnswer | undefined {
    const v = this.map.get(key);
    if (!v) {
      this.misses++;
      return undefined;
    }
    // Most recently used last.
    this.map.delete(key);
    this.map.set(key, v);
    this.hits++;
    return v;
  }

  set(key: string, v: CachedAnswer) {
    // One answer may take at most an eighth of the cache: a huge dump would only push the rest out.
    if (this.maxBytes <= 0 || v.bytes.length + key.length > this.maxBytes / 8) return;
    const old = this.map.get(key);
    if (old) this.bytes -= old.bytes.length + key.length;
    this.map.delete(key);
    this.map.set(key, v);
    this.bytes += v.bytes.length + key.length;
    for (const [k, e] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= e.bytes.length + k.length;
    }
  }

  clear() {
    this.map.clear();
    this.bytes = 0;
  }

  stats() {
    return {
      entries: this.map.size,
      bytes: this.bytes,
      max_bytes: this.maxBytes,
      hits: this.hits,
      misses: this.misses,
    };
  }
}

const IRIREF = /^<[^<>"{}|^`\\\u0000-\u0020]*>/;

/**
 * The query with comments removed and runs of white space outside strings and IRIs made one space, so
 * that layout differences share a cache entry. Strings and IRIs are kept byte for byte; a `<` that does
 * not start an IRI (a comparison) is an ordinary character.
 */
export function normaliseQuery(q: string): string {
  let out = '';
  let space = false;
  let i = 0;
  const emit = (s: string) => {
    if (space && out) out += ' ';
    space = false;
    out += s;
  };
  while (i < q.length) {
    const c = q[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      space = true;
      i++;
    } else if (c === '#') {
      while (i < q.length && q[i] !== '\n') i++;
      space = true;
    } else if (c === '<') {
      const m = IRIREF.exec(q.slice(i, i + 4096));
      const s = m ? m[0] : '<';
      emit(s);
      i += s.length;
    } else if (c === '"' || c === "'") {
      const long = q.startsWith(c.repeat(3), i);
      const end = long ? c.repeat(3) : c;
      let j = i + end.length;
      while (j < q.length && !q.startsWith(end, j)) j += q[j] === '\\' ? 2 : 1;
      j = Math.min(q.length, j + end.length);
      emit(q.slice(i, j));
      i = j;
    } else {
      // A backslash escapes the next character (`ex:a\#b` is a name, not a comment).
      let j = c === '\\' ? i + 2 : i + 1;
      while (j < q.length && !' \t\n\r#<"\''.includes(q[j])) j += q[j] === '\\' ? 2 : 1;
      emit(q.slice(i, j));
      i = j;
    }
  }
  return out;
}
