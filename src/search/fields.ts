// The index fields package_search knows: what each is (exact string, multi-valued, text, date, boolean)
// so the parser can type-check a query once and every engine translates the same typed AST.
export type FieldKind = 'string' | 'array' | 'text' | 'date' | 'bool';

export interface FieldDef {
  kind: FieldKind;
  /** May be named in facet.field. */
  facet?: boolean;
  /** May be named in sort. */
  sort?: boolean;
}

export const FIELDS: Record<string, FieldDef> = {
  id: { kind: 'string', sort: true },
  name: { kind: 'string', sort: true, facet: true },
  title: { kind: 'text' },
  title_string: { kind: 'string', sort: true },
  notes: { kind: 'text' },
  text: { kind: 'text' },
  tags: { kind: 'array', facet: true },
  groups: { kind: 'array', facet: true },
  organization: { kind: 'string', facet: true },
  owner_org: { kind: 'string', facet: true },
  res_format: { kind: 'array', facet: true },
  res_name: { kind: 'text' },
  res_description: { kind: 'text' },
  license_id: { kind: 'string', facet: true },
  state: { kind: 'string', facet: true },
  capacity: { kind: 'string', facet: true },
  private: { kind: 'bool' },
  dataset_type: { kind: 'string', facet: true },
  creator_user_id: { kind: 'string', facet: true },
  author: { kind: 'string' },
  maintainer: { kind: 'string' },
  metadata_created: { kind: 'date', sort: true },
  metadata_modified: { kind: 'date', sort: true },
  passport_code: { kind: 'string', sort: true },
  sphere: { kind: 'string', facet: true },
  priority: { kind: 'string', facet: true, sort: true },
  relevance: { kind: 'string', facet: true, sort: true },
  ai_ready: { kind: 'bool', facet: true },
  provision: { kind: 'string', facet: true },
  update_frequency: { kind: 'string', facet: true },
  overdue: { kind: 'bool', facet: true },
  site_id: { kind: 'string' },
  // The metadata quality score (src/quality), kept in the document's extras: see EXTRA_BACKED.
  quality: { kind: 'string', sort: true },
  quality_rating: { kind: 'string', facet: true },
};

/** Named fields whose values live in the document's extras (no column of their own in any engine). */
export const EXTRA_BACKED: Record<string, string> = { quality: 'quality_score', quality_rating: 'quality_rating' };

/** Solr aliases clients use for the same index field. */
export const ALIASES: Record<string, string> = { type: 'dataset_type', organization_id: 'owner_org' };

const EXTRA_KEY = /^[A-Za-z_][\w.-]{0,99}$/;

export interface ResolvedField {
  /** The canonical name, or `extras_<key>` for free extras. */
  name: string;
  def: FieldDef;
  /** Set for extras: the key inside the dataset's extras. */
  extraKey?: string;
}

/** CKAN indexes every extra as `extras_<key>` and as the bare key when that clashes with nothing. */
export function resolveField(raw: string): ResolvedField | null {
  const name = ALIASES[raw] ?? raw;
  const def = FIELDS[name];
  if (def && EXTRA_BACKED[name]) return { name, def, extraKey: EXTRA_BACKED[name] };
  if (def) return { name, def };
  const key = name.startsWith('extras_') ? name.slice(7) : name;
  if (!EXTRA_KEY.test(key)) return null;
  return { name: `extras_${key}`, def: { kind: 'string', facet: true }, extraKey: key };
}
