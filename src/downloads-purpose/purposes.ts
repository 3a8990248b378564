// The dictionary of download purposes (seeded by migrations/0017): labels per language, an order, and
// a soft delete, so downloads already counted under a purpose keep their meaning in the statistics.
import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { DB } from '../db/connect.ts';
import type { DownloadPurposeTable } from '../comments/tables.ts';
import { ValidationError } from '../errors.ts';
import { byRef } from '../db/ref.ts';

export type PurposeRow = Selectable<DownloadPurposeTable>;

const LANG = /^[a-z]{2,3}(-[A-Za-z]{2,4})?$/;
const NAME = /^[a-z0-9_-]{2,100}$/;

/** A {language: text} object: language tags as keys (the portal's or others, e.g. kk, ky), short texts. */
export function labelsInput(v: unknown, field: string, errors: Record<string, string[]>): Record<string, string> {
  let obj = v;
  if (typeof v === 'string') {
    try {
      obj = JSON.parse(v);
    } catch {
      obj = null;
    }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    (errors[field] ??= []).push('Must be an object keyed by language code');
    return {};
  }
  const out: Record<string, string> = {};
  for (const [lang, text] of Object.entries(obj)) {
    if (!LANG.test(lang)) {
      (errors[field] ??= []).push(`"${lang}" is not a language code`);
      continue;
    }
    if (text === null || text === '') continue;
    if (typeof text !== 'string' || text.length > 500) {
      (errors[field] ??= []).push(`Value for "${lang}" must be a string of at most 500 characters`);
      continue;
    }
    out[lang] = text.trim();
  }
  return out;
}

export function purposeDict(r: PurposeRow) {
  return {
    id: r.id,
    name: r.name,
    label_translated: r.label_translated,
    position: r.position,
    active: r.active,
    created: r.created,
    modified: r.modified,
  };
}

export async function purposeByRef(db: DB, ref: unknown): Promise<PurposeRow | undefined> {
  return byRef(db, 'download_purpose', ref);
}

/** The `purpose` of a download request: its id, '' when none was given; an unknown or retired one is a 409. */
export async function purposeParam(db: DB, raw: unknown): Promise<string> {
  if (raw === undefined || raw === null || raw === '') return '';
  const row = await purposeByRef(db, String(raw));
  if (!row || !row.active)
    throw new ValidationError({
      purpose: [`Unknown download purpose "${String(raw).slice(0, 100)}": see download_purpose_list`],
    });
  return row.id;
}

export interface PurposeInput {
  name?: string;
  label_translated?: unknown;
  position?: number;
  active?: boolean;
}

export function purposeValues(input: PurposeInput, creating: boolean) {
  const errors: Record<string, string[]> = {};
  const out: Partial<{ name: string; label_translated: string; position: number; active: boolean }> = {};
  if (input.name !== undefined || creating) {
    if (typeof input.name !== 'string' || !NAME.test(input.name))
      errors.name = ['Must be 2-100 characters: lower-case letters, digits, - and _'];
    else out.name = input.name;
  }
  if (input.label_translated !== undefined || creating) {
    const labels = labelsInput(input.label_translated, 'label_translated', errors);
    if (!Object.keys(labels).length && !errors.label_translated)
      errors.label_translated = ['Missing value: a label in at least one language'];
    out.label_translated = JSON.stringify(labels);
  }
  if (input.position !== undefined) out.position = input.position;
  if (input.active !== undefined) out.active = input.active;
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return out;
}

export const newId = () => crypto.randomUUID();
