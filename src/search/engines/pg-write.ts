// Writes search documents into the postgres engine's table in one statement per batch: the batch goes
// as one json parameter (json, not jsonb: it is read once, never stored), and the tsvector is built in
// SQL with each language's own analyser and weights (titles A, tags/keywords/groups/organization B,
// descriptions C, resource names and descriptions and the URL name D). rank_tsv keeps the A and B part
// in the row for ranking (migrations/0007_search_layout.ts). The words of titles go to search_word, the
// vocabulary of typo correction.
import crypto from 'node:crypto';
import { sql, type RawBuilder } from 'kysely';
import type { DB } from '../../db/connect.ts';
import type { SearchDoc } from '../document.ts';
import { pgConfigFor } from './pg-language.ts';
import { addWords, titleWords } from './pg-words.ts';

export const DOC_COLUMNS = [
  'id',
  'name',
  'title_string',
  'state',
  'private',
  'dataset_type',
  'owner_org',
  'organization',
  'owner_label',
  'creator_user_id',
  'groups',
  'tags',
  'res_format',
  'license_id',
  'author',
  'maintainer',
  'metadata_created',
  'metadata_modified',
  'passport_code',
  'sphere',
  'priority',
  'relevance',
  'ai_ready',
  'provision',
  'update_frequency',
  'next_update_due',
  'extras',
  'title_text',
  'notes_text',
  'res_text',
  'tsv',
  'rank_tsv',
  'dict',
  'text_hash',
] as const;

// The text of each (analyser, weight) pair is gathered in JS, so each row needs one to_tsvector call per
// pair rather than one per field and language.
const WEIGHTS = ['A', 'B', 'C', 'D'] as const;

function buckets(d: SearchDoc, languages: string[]): Record<string, string> {
  const out: Record<string, string[]> = {};
  const add = (cfg: string, w: string, ...texts: (string | null | undefined)[]) => {
    const k = `${cfg}:${w}`;
    for (const t of texts) if (t) (out[k] ??= []).push(t);
  };
  const titles = new Set(Object.values(d.title_translated));
  const notes = new Set(Object.values(d.notes_translated));
  add('simple', 'A', titles.has(d.title) ? null : d.title);
  add('simple', 'B', ...d.tags, ...d.keywords, ...d.groups, d.organization, d.passport_code);
  add('simple', 'C', notes.has(d.notes) ? null : d.notes);
  // The URL name is a slug of the title at best: findable, but no reason to rank.
  add('simple', 'D', d.name, ...d.res_name, ...d.res_description);
  for (const lang of languages) {
    add(pgConfigFor(lang), 'A', d.title_translated[lang]);
    add(pgConfigFor(lang), 'C', d.notes_translated[lang]);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.join(' \n ')]));
}

function bucketKeys(languages: string[]): string[] {
  const cfgs = [...new Set(['simple', ...languages.map(pgConfigFor)])];
  return cfgs.flatMap((c) => (c === 'simple' ? WEIGHTS : (['A', 'C'] as const)).map((w) => `${c}:${w}`));
}

const colName = (k: string) => `t_${k.replace(':', '_')}`.toLowerCase();

function record(languages: string[]): string {
  return `id uuid, name text, title_string text, state text, private boolean, dataset_type text, owner_org uuid,
  organization text, owner_label text, creator_user_id uuid, groups text[], tags text[], res_format text[], license_id text,
  author text, maintainer text, metadata_created timestamp, metadata_modified timestamp, passport_code text, sphere text,
  priority text, relevance text, ai_ready boolean, provision text, update_frequency text, next_update_due date, extras jsonb,
  title_text text, notes_text text, res_text text, dict text, text_hash text, ${bucketKeys(languages)
    .map((k) => `${colName(k)} text`)
    .join(', ')}`;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

function tsvExpression(languages: string[]): string {
  return bucketKeys(languages)
    .map((k) => {
      const [cfg, w] = k.split(':');
      return `setweight(to_tsvector(${lit(cfg)}, coalesce(j.${colName(k)}, '')), '${w}')`;
    })
    .join(' || ');
}

function row(d: SearchDoc, languages: string[]) {
  const texts = buckets(d, languages);
  return {
    // What the tsvector is made of (analyser, weight and text): equal digests, equal vectors.
    text_hash: crypto.createHash('sha1').update(JSON.stringify(texts)).digest('base64'),
    id: d.id,
    name: d.name,
    title_string: d.title_string,
    state: d.state,
    private: d.private,
    dataset_type: d.dataset_type,
    owner_org: d.owner_org,
    organization: d.organization,
    owner_label: d.owner_label,
    creator_user_id: d.creator_user_id,
    groups: d.groups,
    tags: d.tags,
    res_format: d.res_format,
    license_id: d.license_id,
    author: d.author,
    maintainer: d.maintainer,
    metadata_created: d.metadata_created,
    metadata_modified: d.metadata_modified,
    passport_code: d.passport_code,
    sphere: d.sphere,
    priority: d.priority,
    relevance: d.relevance,
    ai_ready: d.ai_ready,
    provision: d.provision,
    update_frequency: d.update_frequency,
    next_update_due: d.next_update_due,
    extras: d.extras,
    title_text: [d.title, ...Object.values(d.title_translated)].join(' \n '),
    notes_text: [d.notes, ...Object.values(d.notes_translated)].join(' \n '),
    res_text: [...d.res_name, ...d.res_description].join(' \n '),
    dict: d.dict,
    ...Object.fromEntries(Object.entries(texts).map(([k, v]) => [colName(k), v])),
  };
}

// Indexed columns an update sets back to the stored value when equal: a toasted value written anew
// counts as changed even when equal, which would make the update a full one (an entry in every index).
const KEEP_IF_EQUAL = new Set(['title_text', 'tags', 'groups', 'res_format']);

export function insertDocsSql(
  table: string,
  docs: SearchDoc[],
  languages: string[],
  upsert: boolean,
): RawBuilder<unknown> {
  const cols = DOC_COLUMNS.join(', ');
  const select = DOC_COLUMNS.map((c) =>
    c === 'rank_tsv' ? `coalesce(r.kept_rank, ts_filter(r.tsv, '{a,b}'))` : `r.${c}`,
  ).join(', ');
  const conflict = upsert
    ? ` ON CONFLICT (id) DO UPDATE SET ${DOC_COLUMNS.filter((c) => c !== 'id')
        .map((c) =>
          KEEP_IF_EQUAL.has(c)
            ? `${c} = CASE WHEN ${table}.${c} = excluded.${c} THEN ${table}.${c} ELSE excluded.${c} END`
            : `${c} = excluded.${c}`,
        )
        .join(', ')}`
    : '';
  // \u0000 cannot be stored in text; it never carries meaning in catalog metadata.
  const json = JSON.stringify(docs.map((d) => row(d, languages))).replace(/\\u0000/g, '');
  const source = sql`json_to_recordset(${json}::json) AS j(${sql.raw(record(languages))})`;
  const tsv = sql.raw(tsvExpression(languages));
  // A stored document with the same text keeps its vectors (the stored values themselves: see above);
  // the analysers run only for new or changed text.
  const rows = upsert
    ? sql`SELECT j.*, CASE WHEN s.text_hash = j.text_hash THEN s.tsv ELSE ${tsv} END AS tsv,
        CASE WHEN s.text_hash = j.text_hash THEN s.rank_tsv END AS kept_rank
        FROM ${source} LEFT JOIN ${sql.raw(table)} s ON s.id = j.id`
    : sql`SELECT j.*, ${tsv} AS tsv, NULL::tsvector AS kept_rank FROM ${source}`;
  return sql`INSERT INTO ${sql.raw(table)} (${sql.raw(cols)}) SELECT ${sql.raw(select)} FROM (${rows}) r${sql.raw(conflict)}`;
}

/**
 * The trigger that forgets a digest its row's vectors no longer match (an instance of an earlier
 * version rewrote the vectors without it: migrations/0025_search_doc_hot.ts). A search rebuild
 * recreates it on the new table.
 */
export function staleHashTriggerSql(table: string): RawBuilder<unknown> {
  return sql`CREATE TRIGGER ${sql.raw(`${table}_stale_hash`)} BEFORE UPDATE ON ${sql.raw(table)} FOR EACH ROW
    WHEN (NEW.text_hash IS NOT DISTINCT FROM OLD.text_hash AND NEW.tsv IS DISTINCT FROM OLD.tsv)
    EXECUTE FUNCTION search_doc_stale_hash()`;
}

export async function writeDocs(
  db: DB,
  table: string,
  docs: SearchDoc[],
  languages: string[],
  upsert = true,
): Promise<void> {
  if (!docs.length) return;
  await insertDocsSql(table, docs, languages, upsert).execute(db);
  await addWords(db, titleWords(docs.flatMap((d) => [d.title, ...Object.values(d.title_translated)])));
}
