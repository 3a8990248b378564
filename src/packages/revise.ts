// The dict surgery behind package_revise: glob filters over flattened keys, deep merge of `update`,
// and CKAN's flattened `update__resources__<index|id prefix>__<field>` keys.
import { ValidationError } from '../errors.ts';

type Dict = Record<string, any>;

function globToRegExp(glob: string): RegExp {
  const esc = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^]*')
    .replace(/\?/g, '.');
  return new RegExp(`^${esc}$`);
}

/** Flattened paths of every value (`resources__0__url`), dicts and lists included. */
function paths(value: unknown, prefix = ''): string[] {
  if (value && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    return entries.flatMap(([k, v]) => {
      const p = prefix ? `${prefix}__${k}` : k;
      return [p, ...paths(v, p)];
    });
  }
  return [];
}

function removePath(root: Dict, path: string): void {
  const segs = path.split('__');
  let node: any = root;
  for (const s of segs.slice(0, -1)) {
    node = node?.[Array.isArray(node) ? Number(s) : s];
    if (node === undefined) return;
  }
  const last = segs[segs.length - 1];
  if (Array.isArray(node)) node[Number(last)] = undefined;
  else if (node) delete node[last];
}

function compact(v: any): any {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compact);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, compact(x)]));
  return v;
}

/** Keeps or drops keys by a list of `+glob` / `-glob` rules; the first rule that matches a key decides. */
export function applyFilter(dict: Dict, rules: string[]): Dict {
  const compiled = rules.map((r) => ({ keep: !r.startsWith('-'), re: globToRegExp(r.replace(/^[+-]/, '')) }));
  const out = structuredClone(dict);
  // Deepest paths first, so removing a list element does not shift the indexes still to be checked.
  for (const p of paths(dict).sort((a, b) => b.split('__').length - a.split('__').length)) {
    const rule = compiled.find((c) => c.re.test(p));
    if (rule && !rule.keep) removePath(out, p);
  }
  return compact(out);
}

export function deepMerge(target: Dict, update: Dict): Dict {
  const out: Dict = { ...target };
  for (const [k, v] of Object.entries(update)) {
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' && !Array.isArray(out[k])
        ? deepMerge(out[k], v)
        : v;
  }
  return out;
}

/** Finds a list element by index (negative from the end) or by an id prefix of 5+ characters. */
function locate(list: Dict[], key: string, field: string): number {
  if (/^-?\d+$/.test(key)) {
    const i = Number(key) < 0 ? list.length + Number(key) : Number(key);
    if (i >= 0 && i < list.length) return i;
  }
  // An id prefix may be all digits (2% of UUIDs begin with 8 of them): out of range as an index, it is tried as a prefix.
  if (key.length >= 5) {
    const hits = list.map((x, i) => [x, i] as const).filter(([x]) => typeof x?.id === 'string' && x.id.startsWith(key));
    if (hits.length === 1) return hits[0][1];
  }
  throw new ValidationError({ [field]: [`There is no item matching "${key}"`] });
}

export function applyFlatUpdates(dict: Dict, flat: Record<string, unknown>): Dict {
  let out = structuredClone(dict);
  for (const [key, value] of Object.entries(flat)) {
    const segs = key.replace(/^update__/, '').split('__');
    if (segs.length === 2 && segs[1] === 'extend') {
      const add = typeof value === 'string' ? JSON.parse(value) : value;
      if (!Array.isArray(add)) throw new ValidationError({ [key]: ['Must be a list'] });
      out[segs[0]] = [...(out[segs[0]] ?? []), ...add];
      continue;
    }
    let node: any = out;
    for (let i = 0; i < segs.length - 1; i++) {
      const s = segs[i];
      if (Array.isArray(node)) node = node[locate(node, s, key)];
      else {
        if (node[s] === undefined) node[s] = Array.isArray(node) ? [] : {};
        node = node[s];
      }
    }
    const last = segs[segs.length - 1];
    if (Array.isArray(node)) node[locate(node, last, key)] = value;
    else node[last] = value;
  }
  return out;
}
