// Bounds every Action API request's data dict before any action sees it: text is valid Unicode without
// NUL (PostgreSQL refuses NUL in text and lone surrogates in JSON, and answered 500), nesting, keys,
// list lengths and string sizes stay under the configured limits, and q / fq are bounded in bytes,
// terms and parentheses (a 1 MB q of words ran 21 s; 100,000 nested parentheses overflowed the parser's
// stack). The walk is iterative, so a body nested 100,000 deep cannot overflow it either.
// Errors are CKAN Validation Errors (409) named by the top-level field; they never echo the input.
import { ValidationError } from '../errors.ts';
import type { InputLimits } from '../config.ts';

// ES2024 string methods (Node 20 has them; the project's lib is ES2022).
declare global {
  interface String {
    isWellFormed(): boolean;
    toWellFormed(): string;
  }
}

/** Parameters whose text is parsed as a search query (package_search, datastore_search, the autocompletes). */
const QUERY_KEYS = new Set(['q', 'fq', 'fq_list']);
const MAX_SHOWN = 60;

/** A key or path segment as it may appear in an error: short, and without the characters refused. */
export function shown(text: string): string {
  const clean = text
    .slice(0, MAX_SHOWN)
    .replace(/\u0000/g, '\uFFFD')
    .toWellFormed();
  return text.length > MAX_SHOWN ? `${clean}…` : clean;
}

function fail(path: (string | number)[], message: string): never {
  const top = path.length ? shown(String(path[0])) : '__root';
  const where =
    path.length > 1
      ? `${path
          .slice(1, 6)
          .map((p) => (typeof p === 'number' ? `[${p}]` : `.${shown(p)}`))
          .join('')}${path.length > 6 ? '…' : ''}: `
      : '';
  throw new ValidationError({ [top]: [`${where}${message}`] });
}

function checkText(text: string, path: (string | number)[], maxBytes: number): void {
  if (text.includes('\u0000')) fail(path, 'Must not contain the NUL character');
  if (!text.isWellFormed()) fail(path, 'Must be valid Unicode text (it contains a lone surrogate)');
  // UTF-8 takes at most 3 bytes per UTF-16 unit: count bytes only when the string could be over.
  if (text.length * 3 > maxBytes && Buffer.byteLength(text) > maxBytes)
    fail(path, `Must be at most ${maxBytes} bytes long`);
}

/** Words and parentheses of a Solr-like query: bounded before any parser or database sees it. */
export function checkQueryText(text: string, path: (string | number)[], limits: InputLimits): void {
  if (Buffer.byteLength(text) > limits.maxQueryBytes)
    fail(path, `Search query must be at most ${limits.maxQueryBytes} bytes long`);
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) deepest = Math.max(deepest, ++depth);
    else if (c === 41 && depth > 0) depth--;
  }
  if (deepest > limits.maxQueryDepth) fail(path, `Search query must nest at most ${limits.maxQueryDepth} parentheses`);
  const terms = text.split(/[\s()]+/).filter(Boolean).length;
  if (terms > limits.maxQueryTerms) fail(path, `Search query must have at most ${limits.maxQueryTerms} terms`);
}

interface Frame {
  value: unknown;
  path: (string | number)[];
  depth: number;
  query: boolean;
}

/** Throws a ValidationError for the first value over a bound; returns the data unchanged otherwise. */
export function checkInput(data: Record<string, unknown>, limits: InputLimits): Record<string, unknown> {
  const stack: Frame[] = [{ value: data, path: [], depth: 0, query: false }];
  while (stack.length) {
    const { value, path, depth, query } = stack.pop()!;
    if (typeof value === 'string') {
      checkText(value, path, limits.maxFieldBytes);
      if (query) checkQueryText(value, path, limits);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= limits.maxDepth) fail(path, `Must nest at most ${limits.maxDepth} levels`);
    if (Array.isArray(value)) {
      if (value.length > limits.maxListLength) fail(path, `Must be a list of at most ${limits.maxListLength} items`);
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], path: [...path, i], depth: depth + 1, query });
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > limits.maxKeys) fail(path, `Must have at most ${limits.maxKeys} keys`);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const at = [...path, key];
      // A `__proto__` key reaches objects built by assignment as their prototype: never a field name.
      if (key === '__proto__') fail(at, 'The input field __proto__ is not allowed');
      checkText(key, at, 1024);
      stack.push({
        value: (value as Record<string, unknown>)[key],
        path: at,
        depth: depth + 1,
        query: query || (depth === 0 && QUERY_KEYS.has(key)),
      });
    }
  }
  return data;
}
