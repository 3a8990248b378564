// Checks and normalises the input of a content item of any type against its definition (defs.ts):
// the common translated fields, the body (sanitized HTML or rendered Markdown), and the type's own
// fields. All problems are collected into one CKAN Validation Error; nothing is written on error.
import { sql, type Selectable } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import type { ContentItemTable } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import { pushError, translatedInput, type FieldErrorLists } from '../packages/field-input.ts';
import { parseIso } from '../packages/time.ts';
import { plainText, renderBody, sanitize, type BodyFormat } from './html.ts';
import type { ContentType, ExtraField } from './defs.ts';

/** An item with, where read, its bodies (content_body): cards of most types go without them. */
export type ContentRow = Selectable<ContentItemTable> & {
  body_translated?: Record<string, string>;
  body_html_translated?: Record<string, string>;
};

export interface ContentValues {
  name: string;
  title_translated: Record<string, string>;
  summary_translated: Record<string, string>;
  body_translated: Record<string, string>;
  body_html_translated: Record<string, string>;
  body_format: BodyFormat;
  tags: string[];
  fields: Record<string, unknown>;
  image_url: string | null;
  published: string;
  active: boolean;
  position: number;
  search_text: string;
}

export const NAME = /^[a-z0-9_-]{2,100}$/;
const HTTP = /^https?:\/\/[^\s/]+\S*$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function tagList(v: unknown, errors: FieldErrorLists, key = 'tags'): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (typeof v === 'string' && v.trim().startsWith('[')) {
    // A JSON list sent as a form field (multipart requests carry only strings).
    try {
      v = JSON.parse(v);
    } catch {
      pushError(errors, key, 'Must be a list of strings');
      return [];
    }
  }
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : null;
  if (!items) {
    pushError(errors, key, 'Must be a list of strings');
    return [];
  }
  const out: string[] = [];
  for (const raw of items) {
    const t = typeof raw === 'object' && raw && 'name' in raw ? (raw as { name: unknown }).name : raw;
    if (typeof t !== 'string') {
      pushError(errors, key, 'Must be a list of strings');
      continue;
    }
    const s = t.trim();
    if (s.length > 100) pushError(errors, key, `Tag "${s.slice(0, 20)}…" is longer than 100 characters`);
    else if (s && !out.includes(s)) out.push(s);
  }
  return out;
}

export function urlInput(v: unknown, key: string, errors: FieldErrorLists): string | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !HTTP.test(v.trim()) || v.length > 2000) {
    pushError(errors, key, 'Please provide a valid URL (http or https)');
    return null;
  }
  return v.trim();
}

function extraValue(f: ExtraField, v: unknown, languages: string[], errors: FieldErrorLists): unknown {
  if (f.kind === 'translated') return translatedInput(v, f.name, languages, errors);
  if (v === undefined || v === null || v === '') {
    if (f.required) pushError(errors, f.name, 'Missing value');
    return null;
  }
  if (f.kind === 'url') return urlInput(v, f.name, errors);
  if (typeof v !== 'string') {
    pushError(errors, f.name, 'Must be a string');
    return null;
  }
  if (f.kind === 'date' && (!DAY.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))) {
    pushError(errors, f.name, 'Must be a date, YYYY-MM-DD');
    return null;
  }
  if (f.maxLength && v.length > f.maxLength)
    pushError(errors, f.name, `Must be a maximum of ${f.maxLength} characters long`);
  return v.trim();
}

function bodies(data: Record<string, unknown>, languages: string[], errors: FieldErrorLists) {
  const format = (data.body_format ?? 'html') as BodyFormat;
  if (format !== 'html' && format !== 'markdown')
    pushError(errors, 'body_format', 'Value must be one of: html, markdown');
  const given = translatedInput(data.body_translated, 'body_translated', languages, errors);
  const html: Record<string, string> = {};
  const source: Record<string, string> = {};
  for (const [lang, text] of Object.entries(given)) {
    html[lang] = renderBody(text, format === 'markdown' ? 'markdown' : 'html');
    // HTML is stored only as sanitized; Markdown keeps its source for editing (its HTML is sanitized).
    source[lang] = format === 'markdown' ? text : html[lang];
  }
  return { format, source, html };
}

function searchText(v: Omit<ContentValues, 'search_text'>, type: ContentType): string {
  const parts = [v.name, ...Object.values(v.title_translated), ...Object.values(v.summary_translated), ...v.tags];
  for (const h of Object.values(v.body_html_translated)) parts.push(plainText(h));
  for (const f of type.fields) {
    const x = v.fields[f.name];
    if (typeof x === 'string' && f.kind === 'text') parts.push(x);
    else if (x && typeof x === 'object') parts.push(...Object.values(x as Record<string, string>));
  }
  return searchWords(parts.join(' ')).join(' ');
}

/**
 * Lower-case words of letters and digits. Documents and queries are split by this one function, and
 * PostgreSQL's parser then sees only plain words, so "oʻzbek", "o'zbek" and "ПП-2" split alike on
 * both sides.
 */
export function searchWords(text: string | null): string[] {
  return (text ?? '')
    .toLowerCase()
    .split(/[^\p{Ll}\p{Lu}\p{Lt}\p{Lo}\p{N}]+/u)
    .filter(Boolean);
}

/** The values to store; `data` is the whole new state (update) or the existing one merged with the patch. */
export function contentValues(
  ctx: ActionContext,
  type: ContentType,
  data: Record<string, unknown>,
  id: string,
  existing: ContentRow | null,
): ContentValues {
  const { languages, defaultLanguage } = ctx.config;
  const errors: FieldErrorLists = {};
  const name = data.name === undefined || data.name === null || data.name === '' ? (existing?.name ?? id) : data.name;
  if (typeof name !== 'string' || (!NAME.test(name) && name !== id))
    pushError(errors, 'name', 'Must be 2 to 100 characters: lowercase letters, digits, - and _');
  const title_translated = translatedInput(data.title_translated, 'title_translated', languages, errors);
  if (typeof data.title === 'string' && data.title.trim()) title_translated[defaultLanguage] = data.title.trim();
  if (!Object.keys(title_translated).length && !errors.title_translated)
    pushError(errors, 'title_translated', 'Missing value: a title in at least one portal language');
  const summary_translated = translatedInput(data.summary_translated, 'summary_translated', languages, errors);
  for (const [lang, s] of Object.entries(summary_translated)) summary_translated[lang] = plainText(sanitize(s));
  const body = bodies(data, languages, errors);
  const fields: Record<string, unknown> = {};
  for (const f of type.fields) fields[f.name] = extraValue(f, data[f.name], languages, errors);
  let published = existing?.published ?? null;
  if (data.published !== undefined && data.published !== null && data.published !== '') {
    published = typeof data.published === 'string' ? parseIso(data.published) : null;
    if (!published) pushError(errors, 'published', 'Must be an ISO-8601 date or date-time');
  } else if (!published) {
    const from = type.publishedFrom ? fields[type.publishedFrom] : null;
    published = typeof from === 'string' ? `${from}T00:00:00` : ctx.services.clock.now().toISOString().slice(0, 23);
  }
  const position = data.position === undefined || data.position === null || data.position === '' ? 0 : data.position;
  if (!Number.isInteger(position)) pushError(errors, 'position', 'Invalid integer');
  const image_url = type.image ? urlInput(data.image_url, 'image_url', errors) : null;
  const tags = tagList(data.tags, errors);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const v = {
    name: name as string,
    title_translated,
    summary_translated,
    body_translated: body.source,
    body_html_translated: body.html,
    body_format: body.format,
    tags,
    fields,
    image_url,
    published: published!,
    active: data.active === undefined || data.active === null ? true : data.active === true,
    position: position as number,
  };
  return { ...v, search_text: searchText(v, type) };
}

/** The editable state of a stored item, in input form: what a patch is merged onto. */
export function rowAsInput(type: ContentType, row: ContentRow): Record<string, unknown> {
  return {
    name: row.name,
    title_translated: row.title_translated,
    summary_translated: row.summary_translated,
    body_translated: row.body_translated ?? {},
    body_format: row.body_format,
    tags: row.tags,
    image_url: row.image_url,
    published: row.published,
    active: row.active,
    position: row.position,
    ...Object.fromEntries(type.fields.map((f) => [f.name, row.fields[f.name]])),
  };
}

/**
 * The lexeme naming an item's type among its words, so one GIN lookup finds a type's matching items
 * without reading the other types' rows. It begins with "=", so no searched word (letters and digits
 * only) equals it or is a prefix of it.
 */
export function typeLexeme(type: ContentType): string {
  return `=${type.type}`;
}

/**
 * The three rows an item is stored as: the item lists read, its bodies, and what lists filter and
 * search on (its state repeated beside the words, so a search counts on one narrow table).
 */
export function contentRows(type: ContentType, v: ContentValues, modified: string) {
  const { body_translated, body_html_translated, search_text, ...rest } = v;
  return {
    item: {
      ...rest,
      title_translated: JSON.stringify(v.title_translated),
      summary_translated: JSON.stringify(v.summary_translated),
      fields: JSON.stringify(v.fields),
      modified,
    },
    body: {
      body_translated: JSON.stringify(body_translated),
      body_html_translated: JSON.stringify(body_html_translated),
    },
    search: {
      type: type.type,
      active: v.active,
      published: v.published,
      position: v.position,
      tags: v.tags,
      // Positions are stripped: no query ranks or matches phrases, and they more than doubled the size.
      words: sql`strip(to_tsvector('simple', ${search_text})) || array_to_tsvector(ARRAY[${typeLexeme(type)}])`,
    },
  };
}
