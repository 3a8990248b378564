// The organization list from the government register: records (CSV or JSON) upserted by external_id,
// else by structure + code, else by name, so importing the same file twice changes nothing. Each
// record goes through the same input checks as organization_create/update; one bad record refuses the
// whole batch, naming it (the batch is one transaction: never half an import).
import { parse as parseCsvLine } from './csv.ts';
import type { ActionContext } from '../actions/types.ts';
import { ValidationError } from '../errors.ts';
import { groupInput, saveGroup } from '../actions/group/input.ts';

export type OrgRecord = Record<string, unknown>;
export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
}

const FIELDS = [
  'name',
  'title',
  'description',
  'code',
  'structure',
  'external_id',
  'email',
  'phone',
  'website',
  'active',
  'title_translated',
  'description_translated',
];

/** JSON (a list, or {organizations: [...]}) or CSV with a header row; `title_<lang>` columns fill title_translated. */
export function parseRecords(text: string, format?: 'csv' | 'json'): OrgRecord[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (format === 'json' || (!format && (trimmed.startsWith('[') || trimmed.startsWith('{')))) {
    const doc = JSON.parse(trimmed) as unknown;
    const list = Array.isArray(doc) ? doc : (doc as { organizations?: unknown }).organizations;
    if (!Array.isArray(list)) throw new ValidationError({ records: ['Expected a list of organizations'] });
    return list as OrgRecord[];
  }
  const rows = parseCsvLine(trimmed);
  const [header, ...data] = rows;
  if (!header) return [];
  return data
    .filter((r) => r.some((c) => c.trim()))
    .map((r) => {
      const rec: OrgRecord = {};
      header.forEach((h, i) => {
        const key = h.trim();
        const value = (r[i] ?? '').trim();
        if (value === '') return;
        const tr = /^(title|description)_(.+)$/.exec(key);
        if (tr && !FIELDS.includes(key)) {
          const k = `${tr[1]}_translated`;
          rec[k] = { ...(rec[k] as Record<string, string> | undefined), [tr[2]]: value };
        } else rec[key] = value;
      });
      return rec;
    });
}

async function findExisting(ctx: ActionContext, rec: OrgRecord) {
  const q = () => ctx.db.selectFrom('group').selectAll().where('is_organization', '=', true);
  const s = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  if (s(rec.external_id)) {
    const row = await q().where('external_id', '=', s(rec.external_id)).executeTakeFirst();
    if (row) return row;
  }
  if (s(rec.code) && s(rec.structure)) {
    const row = await q()
      .where('code', '=', s(rec.code))
      .where('structure_code', '=', s(rec.structure))
      .executeTakeFirst();
    if (row) return row;
  }
  return s(rec.name) ? q().where('name', '=', s(rec.name)!).executeTakeFirst() : undefined;
}

export async function importOrganizations(
  ctx: ActionContext,
  records: OrgRecord[],
  onRecord?: (done: number) => void,
): Promise<ImportReport> {
  // The importer is not made an admin of every organization it creates (organization_create would).
  // A view of ctx without a user: the same transaction and hooks (its methods are ctx's).
  const quiet: ActionContext = Object.create(ctx, { user: { value: null } });
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0 };
  const errors: Record<string, unknown> = {};
  for (const [i, raw] of records.entries()) {
    const rec = Object.fromEntries(Object.entries(raw ?? {}).filter(([k]) => FIELDS.includes(k)));
    try {
      const existing = await findExisting(ctx, rec);
      if (existing && rec.name === undefined) rec.name = existing.name;
      const input = await groupInput(quiet, 'organization', rec, existing ?? null);
      if (existing) {
        const before = pick(existing);
        const after = pick({ ...existing, ...input.values });
        if (before === after) {
          report.unchanged++;
          continue;
        }
        input.id = existing.id;
      }
      await saveGroup(quiet, 'organization', input, existing ?? null);
      report[existing ? 'updated' : 'created']++;
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      errors[`record ${i + 1}${typeof rec.name === 'string' ? ` (${rec.name})` : ''}`] = err.envelope();
    } finally {
      onRecord?.(i + 1);
    }
  }
  if (Object.keys(errors).length) throw new ValidationError({ records: [errors] });
  return report;
}

/** The stored values an import may change, keys sorted (jsonb reorders them), to tell a no-op from an update. */
function pick(row: Record<string, unknown>): string {
  const keys = [
    'name',
    'title',
    'description',
    'code',
    'structure_code',
    'external_id',
    'email',
    'phone',
    'website',
    'active',
    'title_translated',
    'description_translated',
    'state',
  ];
  const stable = (v: unknown): unknown => {
    if (typeof v === 'string' && /^[[{]/.test(v)) {
      try {
        return stable(JSON.parse(v));
      } catch {
        return v;
      }
    }
    if (v && typeof v === 'object' && !Array.isArray(v))
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => x !== '' && x !== null)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([k, x]) => [k, stable(x)]),
      );
    return v === '' ? null : v;
  };
  return JSON.stringify(keys.map((k) => stable(row[k])));
}
