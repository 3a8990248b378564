// The first layer of datastore_search_sql: a tokenizer that accepts one SELECT (or WITH ... SELECT) made of
// plain tokens and refuses anything else before PostgreSQL sees it: comments, dollar quotes, escape strings,
// a second statement, every keyword that writes or changes state, casts to reg* types, pg_* / system
// names, and any function that is not on a list of pure, data-only functions. The later layers (EXPLAIN's
// relation list, a read-only transaction, a SELECT-only role, a statement timeout) do not trust this one.
import { ValidationError } from '../errors.ts';

export interface Token {
  kind: 'word' | 'quoted' | 'string' | 'number' | 'op' | 'punct';
  text: string;
}

const fail = (message: string) => ValidationError.field('sql', message);

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '-' && sql[i + 1] === '-') throw fail('comments are not allowed');
    if (c === '/' && sql[i + 1] === '*') throw fail('comments are not allowed');
    if (c === '$') throw fail('dollar quoting and parameters are not allowed');
    if (c === "'") {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw fail('unterminated string');
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out.push({ kind: 'string', text: sql.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) throw fail('unterminated quoted identifier');
        if (sql[j] === '"') {
          if (sql[j + 1] === '"') {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out.push({ kind: 'quoted', text: sql.slice(i + 1, j).replace(/""/g, '"') });
      i = j + 1;
      continue;
    }
    const word = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*/.exec(sql.slice(i, i + 200));
    if (word) {
      // E'..', U&'..', B'..', X'..' strings carry their own escapes: not needed for reading data.
      if (sql[i + word[0].length] === "'" || (sql[i + word[0].length] === '&' && /^u$/i.test(word[0])))
        throw fail('prefixed string constants are not allowed');
      out.push({ kind: 'word', text: word[0].toLowerCase() });
      i += word[0].length;
      continue;
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(sql.slice(i, i + 100));
    if (num) {
      out.push({ kind: 'number', text: num[0] });
      i += num[0].length;
      continue;
    }
    if ('(),;[].'.includes(c)) {
      out.push({ kind: 'punct', text: c });
      i++;
      continue;
    }
    const op = /^[+\-*/<>=~!@#%^&|`?:]+/.exec(sql.slice(i, i + 10));
    if (op) {
      out.push({ kind: 'op', text: op[0] });
      i += op[0].length;
      continue;
    }
    throw fail(`unexpected character ${JSON.stringify(c)}`);
  }
  return out;
}

const FORBIDDEN = new Set([
  'insert',
  'update',
  'delete',
  'merge',
  'into',
  'copy',
  'create',
  'drop',
  'alter',
  'truncate',
  'grant',
  'revoke',
  'set',
  'reset',
  'lock',
  'execute',
  'call',
  'do',
  'listen',
  'notify',
  'unlisten',
  'vacuum',
  'analyze',
  'analyse',
  'cluster',
  'reindex',
  'comment',
  'security',
  'prepare',
  'deallocate',
  'discard',
  'load',
  'import',
  'refresh',
  'checkpoint',
  'begin',
  'commit',
  'rollback',
  'savepoint',
  'release',
  'returning',
  'share',
  'nowait',
  'skip',
  'explain',
  'show',
  'table',
  'declare',
  'fetch',
  'move',
  'close',
  'information_schema',
  'pg_catalog',
  'pg_toast',
  'public',
]);

/** Functions a data query may call: aggregates, window, math, text, date, json, array, full text. */
export const ALLOWED_FUNCTIONS = new Set(
  `
count sum avg min max array_agg string_agg json_agg jsonb_agg json_object_agg jsonb_object_agg bool_and bool_or every
stddev stddev_pop stddev_samp variance var_pop var_samp percentile_cont percentile_disc mode corr covar_pop covar_samp
regr_slope regr_intercept regr_count regr_r2 row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value
last_value nth_value abs ceil ceiling floor round trunc sign sqrt cbrt power pow exp ln log log10 mod div pi degrees radians
sin cos tan asin acos atan atan2 width_bucket greatest least coalesce nullif length char_length character_length octet_length
lower upper initcap trim btrim ltrim rtrim substr substring position strpos replace translate concat concat_ws left right lpad
rpad repeat reverse split_part starts_with regexp_replace regexp_match regexp_matches regexp_split_to_array to_char to_number
to_date to_timestamp md5 string_to_array array_to_string date_trunc date_part extract age make_date make_time make_timestamp
make_interval justify_days justify_hours isfinite now json_build_object jsonb_build_object json_build_array jsonb_build_array
jsonb_array_length json_array_length jsonb_extract_path jsonb_extract_path_text json_extract_path json_extract_path_text
jsonb_typeof json_typeof jsonb_array_elements jsonb_array_elements_text json_array_elements json_array_elements_text
jsonb_each jsonb_each_text jsonb_object_keys to_json to_jsonb jsonb_pretty unnest array_length cardinality array_position
array_remove array_append array_prepend array_cat array_upper array_lower to_tsvector plainto_tsquery to_tsquery
websearch_to_tsquery phraseto_tsquery ts_rank ts_rank_cd ts_headline generate_series point
`
    .trim()
    .split(/\s+/),
);

/** Words that may be followed by "(" without being a function call. */
const PAREN_KEYWORDS = new Set(
  `
select from where and or not in exists any all some values over filter within as cast on using join lateral by then else when
case distinct partition order group having limit offset union intersect except is like ilike between similar with recursive
array row numeric decimal varchar char character timestamp time interval bit float double precision int integer smallint
bigint text boolean date varying escape
`
    .trim()
    .split(/\s+/),
);

const REG_TYPE = /^reg(class|proc|procedure|oper|operator|type|role|namespace|config|dictionary|collation)$/;

/** The statement without a trailing semicolon, or a 409 {"sql": [why]}. */
export function checkSelect(sql: string): string {
  const tokens = tokenize(sql);
  let end = tokens.length;
  while (end > 0 && tokens[end - 1].text === ';' && tokens[end - 1].kind === 'punct') end--;
  const body = tokens.slice(0, end);
  if (!body.length) throw fail('Missing value');
  if (body.some((t) => t.kind === 'punct' && t.text === ';')) throw fail('only one statement is allowed');
  const first = body.find((t) => !(t.kind === 'punct' && t.text === '('));
  if (!first || first.kind !== 'word' || (first.text !== 'select' && first.text !== 'with'))
    throw fail('only SELECT statements are allowed');
  body.forEach((t, i) => {
    if (t.kind === 'word' && (FORBIDDEN.has(t.text) || t.text.startsWith('pg_') || REG_TYPE.test(t.text)))
      throw fail(`"${t.text}" is not allowed`);
    if (t.kind === 'quoted' && (t.text.startsWith('pg_') || t.text === 'information_schema'))
      throw fail(`"${t.text}" is not allowed`);
    const next = body[i + 1];
    if (next?.kind === 'punct' && next.text === '(') {
      const prev = body[i - 1];
      if (t.kind === 'quoted') throw fail(`calling "${t.text}" is not allowed`);
      if (t.kind === 'word') {
        if (prev?.kind === 'punct' && prev.text === '.')
          throw fail(`calling a qualified function (${t.text}) is not allowed`);
        if (!ALLOWED_FUNCTIONS.has(t.text) && !PAREN_KEYWORDS.has(t.text))
          throw fail(`function "${t.text}" is not allowed`);
      }
    }
  });
  return sql.replace(/[\s;]+$/, '');
}
