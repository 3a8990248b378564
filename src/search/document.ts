// The search document: one per dataset, built from the package dict (so results are exactly what
// package_show returns) plus the flat filter/sort/facet values every engine indexes.
import type { PackageDict } from '../packages/dictize.ts';
import { ownerLabel } from '../auth/permissions.ts';

export { ownerLabel };

export interface SearchDoc {
  id: string;
  name: string;
  title: string;
  title_string: string;
  notes: string;
  title_translated: Record<string, string>;
  notes_translated: Record<string, string>;
  state: string;
  private: boolean;
  dataset_type: string;
  owner_org: string | null;
  organization: string | null;
  /** Who may see it when it is not public and active: CKAN's permission label. */
  owner_label: string;
  creator_user_id: string | null;
  groups: string[];
  tags: string[];
  keywords: string[];
  res_format: string[];
  res_name: string[];
  res_description: string[];
  license_id: string | null;
  author: string | null;
  maintainer: string | null;
  metadata_created: string;
  metadata_modified: string;
  passport_code: string | null;
  sphere: string | null;
  priority: string | null;
  relevance: string | null;
  ai_ready: boolean;
  provision: string | null;
  update_frequency: string | null;
  /** overdue is computed against today at query time from this date. */
  next_update_due: string | null;
  extras: Record<string, string>;
  /** The package dict as package_show returns it, serialised. */
  dict: string;
}

const strs = (xs: unknown[]): string[] => xs.filter((x): x is string => typeof x === 'string' && x !== '');

export function toSearchDoc(d: PackageDict): SearchDoc {
  const resources = d.resources ?? [];
  const kw = (d.keywords_translated ?? {}) as Record<string, unknown>;
  const extras: Record<string, string> = {};
  for (const e of (d.extras ?? []) as { key: string; value: string }[]) extras[e.key] = e.value;
  // The quality score (src/quality) rides in the extras column every engine already filters on, so
  // the quality sort and quality_rating facet need no new column (pg-query.ts, meili-settings.ts).
  if (d.quality) {
    extras.quality_rating = String(d.quality.rating);
    extras.quality_score = String(d.quality.score);
  }
  const title = (d.title as string | null) ?? d.name;
  return {
    id: d.id,
    name: d.name,
    title,
    title_string: title.toLowerCase(),
    notes: (d.notes as string | null) ?? '',
    title_translated: d.title_translated ?? {},
    notes_translated: d.notes_translated ?? {},
    state: d.state,
    private: !!d.private,
    dataset_type: d.type,
    owner_org: d.owner_org ?? null,
    organization: d.organization?.name ?? null,
    owner_label: ownerLabel(d.owner_org ?? null, d.creator_user_id ?? null),
    creator_user_id: d.creator_user_id ?? null,
    groups: strs((d.groups ?? []).map((g) => g.name)),
    tags: strs((d.tags ?? []).map((t) => t.name)),
    keywords: strs(Object.values(kw).flatMap((v) => (Array.isArray(v) ? v : []))),
    res_format: [...new Set(strs(resources.map((r) => r.format)))],
    res_name: strs(resources.map((r) => r.name)),
    res_description: strs(resources.map((r) => r.description)),
    license_id: d.license_id ?? null,
    author: d.author ?? null,
    maintainer: d.maintainer ?? null,
    metadata_created: d.metadata_created,
    metadata_modified: d.metadata_modified,
    passport_code: d.passport_code ?? null,
    sphere: d.sphere ?? null,
    priority: d.priority ?? null,
    relevance: d.relevance ?? null,
    ai_ready: !!d.ai_ready,
    provision: d.provision ?? null,
    update_frequency: d.update_frequency ?? null,
    next_update_due: d.next_update_due ?? null,
    extras,
    dict: JSON.stringify(d),
  };
}

const DUE = /"next_update_due":"(\d{4}-\d{2}-\d{2})"/;
const OVERDUE = /"overdue_days":\d+/;

function daysLate(due: string, today: Date): number {
  const days = Math.floor(
    (Date.parse(`${today.toISOString().slice(0, 10)}T00:00:00Z`) - Date.parse(`${due}T00:00:00Z`)) / 86400000,
  );
  return days > 0 ? days : 0;
}

/** The stored dict text with overdue_days brought to today, without parsing it (pages of 1000 dicts). */
export function refreshDerivedJson(json: string, today: Date = new Date()): string {
  const m = DUE.exec(json);
  return m ? json.replace(OVERDUE, `"overdue_days":${daysLate(m[1], today)}`) : json;
}

/** overdue_days moves with the calendar: results recompute it from next_update_due. */
export function refreshDerived(json: string, today: Date = new Date()): PackageDict {
  const d = JSON.parse(json) as PackageDict;
  if (d.next_update_due) {
    const due = Date.parse(`${d.next_update_due}T00:00:00Z`);
    const start = Date.parse(`${today.toISOString().slice(0, 10)}T00:00:00Z`);
    const days = Math.floor((start - due) / 86400000);
    d.overdue_days = days > 0 ? days : 0;
  }
  return d;
}
