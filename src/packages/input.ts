// Turns a package_create/package_update data dict into the rows to write, collecting every problem
// into one CKAN Validation Error (field -> messages, nested for resources and extras). Unknown
// top-level keys are dropped, as CKAN's schema does.
import crypto from 'node:crypto';
import type { ActionContext } from '../actions/types.ts';
import { ValidationError } from '../api/errors.ts';
import { asbool } from '../actions/validate.ts';
import { atLeast, capacityIn } from '../auth/permissions.ts';
import { UUID, emailErrors, nameErrors, tagErrors } from './names.ts';
import { parseIso } from './time.ts';
import { byRef } from '../db/ref.ts';
import { scalarText } from '../coerce.ts';
import { pushError, reconcilePair, translatedInput } from './field-input.ts';

export const CORE_FIELDS = [
  'name',
  'title',
  'notes',
  'url',
  'version',
  'author',
  'author_email',
  'maintainer',
  'maintainer_email',
  'license_id',
] as const;
export const PASSPORT_ENUMS = {
  priority: ['high', 'medium', 'low'],
  relevance: ['high', 'medium', 'low'],
  provision: ['manual', 'automatic', 'external'],
  update_frequency: ['daily', 'monthly', 'quarterly', 'annual', 'irregular'],
} as const;
const PASSPORT_BAG = [
  'keywords_translated',
  'responsible',
  'owner',
  'spatial_uri',
  'temporal_start',
  'temporal_end',
] as const;
const RESOURCE_CORE = [
  'url',
  'name',
  'description',
  'format',
  'hash',
  'mimetype',
  'mimetype_inner',
  'resource_type',
  'url_type',
  'cache_url',
] as const;
const RESOURCE_DATES = ['created', 'last_modified', 'cache_last_updated'] as const;
const RESOURCE_IGNORED = new Set([
  'id',
  'package_id',
  'position',
  'state',
  'size',
  'metadata_modified',
  'datastore_active',
  'upload',
  'revision_id',
  'tracking_summary',
  ...RESOURCE_CORE,
  ...RESOURCE_DATES,
]);

export interface ResourceInput {
  id: string | null;
  fields: Record<string, string | number | null>;
  extras: Record<string, unknown>;
  datastore_active?: boolean;
}

export interface PackageInput {
  id: string | null;
  core: Record<(typeof CORE_FIELDS)[number], string | null>;
  state: string;
  private: boolean;
  type: string;
  owner_org: string | null;
  tags: string[];
  extras: { key: string; value: string }[];
  groupIds: string[];
  sphere: string | null;
  resources: ResourceInput[];
  passport: {
    title_translated: Record<string, string>;
    notes_translated: Record<string, string>;
    priority: string | null;
    relevance: string | null;
    ai_ready: boolean;
    provision: string;
    external_api: string | null;
    update_frequency: string | null;
    update_schedule: Record<string, number> | null;
    bag: Record<string, unknown>;
  };
}

type Errors = Record<string, unknown>;

const push = pushError;

const str = scalarText;

const translated = translatedInput;

function schedule(freq: string | null, v: unknown, errors: Errors): Record<string, number> | null {
  if (v === undefined || v === null || v === '') return null;
  let obj: unknown = v;
  if (typeof v === 'string') {
    try {
      obj = JSON.parse(v);
    } catch {
      obj = null;
    }
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) {
    push(errors, 'update_schedule', 'Must be an object');
    return null;
  }
  const limits: Record<string, [number, number]> = { day: [1, 31], month: [1, 12], every_years: [1, 100] };
  const allowed: Record<string, string[]> = {
    daily: [],
    irregular: [],
    monthly: ['day'],
    quarterly: ['month', 'day'],
    annual: ['month', 'day', 'every_years'],
  };
  const out: Record<string, number> = {};
  for (const [k, raw] of Object.entries(obj as Record<string, unknown>)) {
    if (!freq || !allowed[freq]?.includes(k)) {
      push(errors, 'update_schedule', `"${k}" does not apply to update_frequency ${freq ?? '(none)'}`);
      continue;
    }
    const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
    const [lo, hi] = limits[k];
    const max = freq === 'quarterly' && k === 'month' ? 3 : hi;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < lo || n > max) {
      push(errors, 'update_schedule', `${k} must be an integer from ${lo} to ${max}`);
      continue;
    }
    out[k] = n;
  }
  return Object.keys(out).length ? out : null;
}

function tagNames(data: Record<string, unknown>, errors: Errors): string[] {
  const names: string[] = [];
  if (Array.isArray(data.tags)) {
    for (const t of data.tags) {
      const name =
        typeof t === 'string' ? t : t && typeof t === 'object' ? str((t as Record<string, unknown>).name) : null;
      if (!name) {
        push(errors, 'tags', 'Missing value');
        continue;
      }
      names.push(name.trim());
    }
  } else if (data.tags !== undefined && data.tags !== null && data.tags !== '') {
    push(errors, 'tags', 'Must be a list of dictionaries');
  }
  if (typeof data.tag_string === 'string' && data.tag_string.trim()) {
    names.push(
      ...data.tag_string
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }
  for (const n of names) push(errors, 'tags', ...tagErrors(n));
  return [...new Set(names)];
}

function extrasList(data: Record<string, unknown>, errors: Errors): { key: string; value: string }[] {
  if (data.extras === undefined || data.extras === null || data.extras === '') return [];
  if (!Array.isArray(data.extras)) {
    push(errors, 'extras', 'Must be a list of dictionaries');
    return [];
  }
  const seen = new Set<string>();
  const nested: Errors[] = [];
  const out: { key: string; value: string }[] = [];
  const reserved = new Set<string>([
    ...CORE_FIELDS,
    'id',
    'state',
    'private',
    'type',
    'owner_org',
    'tags',
    'groups',
    'resources',
    'extras',
    ...Object.keys(PASSPORT_ENUMS),
    'passport_code',
    'title_translated',
    'notes_translated',
  ]);
  let bad = false;
  for (const e of data.extras) {
    const err: Errors = {};
    const key = e && typeof e === 'object' ? str((e as Record<string, unknown>).key) : null;
    const value = e && typeof e === 'object' ? (e as Record<string, unknown>).value : undefined;
    if (!key) push(err, 'key', 'Missing value');
    else if (seen.has(key)) push(err, 'key', `Duplicate key "${key}"`);
    else if (reserved.has(key)) push(err, 'key', 'There is a schema field with the same name');
    if (key) seen.add(key);
    nested.push(err);
    if (Object.keys(err).length) bad = true;
    else
      out.push({
        key: key!,
        value: typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value),
      });
  }
  if (bad) errors.extras = nested;
  return out;
}

const FORMAT_BY_EXT: Record<string, string> = {
  csv: 'CSV',
  json: 'JSON',
  xml: 'XML',
  xlsx: 'XLSX',
  xls: 'XLS',
  pdf: 'PDF',
  zip: 'ZIP',
  txt: 'TXT',
  geojson: 'GeoJSON',
  rdf: 'RDF',
  ttl: 'TTL',
  html: 'HTML',
  ods: 'ODS',
  tsv: 'TSV',
  shp: 'SHP',
  kml: 'KML',
  docx: 'DOCX',
  doc: 'DOC',
};

export function normaliseFormat(format: string | null, url: string | null): string | null {
  if (format && format.trim()) {
    const f = format.trim();
    return f.toLowerCase() === 'geojson' ? 'GeoJSON' : f.toUpperCase();
  }
  const ext = url
    ?.split(/[?#]/)[0]
    .match(/\.([a-z0-9]+)$/i)?.[1]
    ?.toLowerCase();
  return ext ? (FORMAT_BY_EXT[ext] ?? null) : null;
}

export function resourceInput(r: unknown, errors: Errors, isUpdate = false): ResourceInput {
  const src = (r && typeof r === 'object' && !Array.isArray(r) ? r : {}) as Record<string, unknown>;
  const fields: Record<string, string | number | null> = {};
  for (const k of RESOURCE_CORE) {
    const v = src[k];
    if (v !== undefined && v !== null && typeof v === 'object') push(errors, k, 'Must be a string');
    fields[k] = str(v);
  }
  fields.url = fields.url ?? '';
  if (src.size !== undefined && src.size !== null && src.size !== '') {
    const n = typeof src.size === 'string' && /^\d+$/.test(src.size) ? Number(src.size) : src.size;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) push(errors, 'size', 'Invalid integer');
    else fields.size = n;
  } else fields.size = null;
  for (const k of RESOURCE_DATES) {
    const v = src[k];
    if (v === undefined || v === null || v === '') {
      fields[k] = null;
      continue;
    }
    const iso = typeof v === 'string' ? parseIso(v) : null;
    if (!iso) push(errors, k, 'Date format incorrect');
    fields[k] = iso;
  }
  fields.format = normaliseFormat(fields.format as string | null, fields.url as string);
  const extras: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(src)) if (!RESOURCE_IGNORED.has(k)) extras[k] = v;
  const id = str(src.id);
  if (id !== null && !UUID.test(id) && !isUpdate) push(errors, 'id', 'Invalid id');
  return {
    id,
    fields,
    extras,
    ...(src.datastore_active !== undefined ? { datastore_active: asbool(src.datastore_active) === true } : {}),
  };
}

async function resolveGroup(ctx: ActionContext, ref: string, organization: boolean) {
  const g = await byRef(ctx.db, 'group', ref);
  return g && g.is_organization === organization ? g : undefined;
}

/** The stored dataset an update starts from (what CKAN 2.11 keeps when a key is missing). */
export interface ExistingPackage {
  id: string;
  name: string;
  owner_org: string | null;
  private: boolean;
  state: string;
  title: string | null;
  notes: string | null;
  title_translated: Record<string, string>;
  notes_translated: Record<string, string>;
}

/** title/title_translated and notes/notes_translated, by the one rule for plain/translated pairs. */
function translatedPairs(
  ctx: ActionContext,
  data: Record<string, unknown>,
  core: PackageInput['core'],
  existing: ExistingPackage | null,
  errors: Errors,
) {
  const { languages, defaultLanguage } = ctx.config;
  const pair = (plainKey: 'title' | 'notes', trKey: 'title_translated' | 'notes_translated') => {
    const r = reconcilePair(
      {
        plainKey,
        translatedKey: trKey,
        lang: defaultLanguage,
        plain: core[plainKey],
        plainSent: data[plainKey] !== undefined,
        translated: translated(data[trKey], trKey, languages, errors),
        translatedSent: data[trKey] !== undefined,
        // package_show shows a missing title as the name: that is what comes back unchanged.
        stored: existing && {
          shown: plainKey === 'title' ? (existing.title ?? existing.name) : existing.notes,
          plain: existing[plainKey],
          translated: existing[trKey] ?? {},
        },
        keepWhenMissing: false,
      },
      errors,
    );
    core[plainKey] = r.plain;
    return r.translated;
  };
  return { title_translated: pair('title', 'title_translated'), notes_translated: pair('notes', 'notes_translated') };
}

/** The CKAN core fields, the name (unique among datasets not deleted) and a sysadmin's chosen id. */
async function coreInput(
  ctx: ActionContext,
  data: Record<string, unknown>,
  existing: ExistingPackage | null,
  errors: Errors,
) {
  const core = {} as PackageInput['core'];
  for (const k of CORE_FIELDS) {
    const v = data[k];
    if (v !== undefined && v !== null && typeof v === 'object') push(errors, k, 'Must be a string');
    core[k] = str(v);
    if (core[k] === '') core[k] = null;
  }
  push(errors, 'name', ...nameErrors(core.name));
  if (core.name && !nameErrors(core.name).length) {
    const clash = await ctx.db
      .selectFrom('package')
      .select(['id', 'state'])
      .where('name', '=', core.name)
      .executeTakeFirst();
    if (clash && clash.id !== existing?.id && clash.state !== 'deleted')
      push(errors, 'name', 'That URL is already in use.');
  }
  push(errors, 'author_email', ...emailErrors(core.author_email));
  push(errors, 'maintainer_email', ...emailErrors(core.maintainer_email));
  if (core.version && core.version.length > 100)
    push(errors, 'version', 'Version must be a maximum of 100 characters long');
  if (core.title && core.title.length > 500) push(errors, 'title', 'Must be a maximum of 500 characters long');

  let id: string | null = existing?.id ?? null;
  if (!existing && data.id !== undefined && data.id !== null && data.id !== '') {
    if (!ctx.user?.sysadmin) push(errors, 'id', 'The input field id was not expected.');
    else if (typeof data.id !== 'string' || !UUID.test(data.id)) push(errors, 'id', 'Invalid id');
    else if (await ctx.db.selectFrom('package').select('id').where('id', '=', data.id).executeTakeFirst())
      push(errors, 'id', 'Dataset id already exists');
    else id = data.id.toLowerCase();
  }

  return { core, id };
}

/** owner_org and private: CKAN 2.11's update keeps them when they are not sent (ignore_missing). */
async function ownerInput(
  ctx: ActionContext,
  data: Record<string, unknown>,
  existing: ExistingPackage | null,
  errors: Errors,
) {
  // CKAN 2.11's update keeps owner_org, private and state when they are not sent (ignore_missing).
  const isPrivate = data.private === undefined ? (existing?.private ?? false) : asbool(data.private) === true;
  let owner_org: string | null = null;
  const orgRef = data.owner_org === undefined && existing ? existing.owner_org : str(data.owner_org);
  if (!orgRef) {
    if (!ctx.config.createUnownedDataset) push(errors, 'owner_org', 'An organization must be provided');
    if (isPrivate) push(errors, 'private', "Datasets with no organization can't be private.");
  } else {
    const org = await resolveGroup(ctx, orgRef, true);
    if (!org || org.state !== 'active') push(errors, 'owner_org', 'Organization does not exist');
    // A deactivated organization keeps its datasets but receives no new ones.
    else if (!org.active && org.id !== existing?.owner_org) push(errors, 'owner_org', 'Organization is not active');
    else {
      owner_org = org.id;
      const u = ctx.user;
      const mayUse = u && (u.sysadmin || u.operator || atLeast(await capacityIn(ctx.db, u, org.id), 'editor'));
      // Keeping the dataset in its current organization is always allowed to whoever may edit it.
      if (!mayUse && owner_org !== existing?.owner_org)
        push(errors, 'owner_org', 'You cannot add a dataset to this organization');
    }
  }

  return { isPrivate, owner_org };
}

/** The CKAN groups a dataset is in, by id or name. */
async function groupRefs(ctx: ActionContext, data: Record<string, unknown>, errors: Errors): Promise<string[]> {
  const groupIds: string[] = [];
  if (Array.isArray(data.groups)) {
    for (const g of data.groups) {
      const ref =
        g && typeof g === 'object'
          ? (str((g as Record<string, unknown>).id) ?? str((g as Record<string, unknown>).name))
          : str(g);
      const row = ref ? await resolveGroup(ctx, ref, false) : undefined;
      if (!row || row.state !== 'active') push(errors, 'groups', `Group "${ref ?? ''}" does not exist`);
      else groupIds.push(row.id);
    }
  } else if (data.groups !== undefined && data.groups !== null && data.groups !== '')
    push(errors, 'groups', 'Must be a list of dictionaries');

  return groupIds;
}

/** The passport's free-form part (contacts, keywords, coverage), checked for shape. */
function passportBag(data: Record<string, unknown>, languages: string[], errors: Errors): Record<string, unknown> {
  const bag: Record<string, unknown> = {};
  for (const k of PASSPORT_BAG) if (data[k] !== undefined && data[k] !== null && data[k] !== '') bag[k] = data[k];
  if (bag.keywords_translated !== undefined) {
    const kw = bag.keywords_translated;
    const ok =
      kw &&
      typeof kw === 'object' &&
      !Array.isArray(kw) &&
      Object.entries(kw).every(
        ([l, v]) => languages.includes(l) && Array.isArray(v) && v.every((s) => typeof s === 'string'),
      );
    if (!ok) push(errors, 'keywords_translated', 'Must be an object of language code -> list of strings');
  }
  for (const who of ['responsible', 'owner'] as const) {
    const c = bag[who];
    if (c === undefined) continue;
    if (!c || typeof c !== 'object' || Array.isArray(c)) {
      push(errors, who, 'Must be an object {fullname_translated, phone, email}');
      continue;
    }
    push(errors, who, ...emailErrors((c as Record<string, unknown>).email));
  }
  for (const k of ['temporal_start', 'temporal_end'] as const) {
    if (bag[k] !== undefined && (typeof bag[k] !== 'string' || !parseIso(bag[k] as string)))
      push(errors, k, 'Date format incorrect');
  }

  return bag;
}

function resourceList(data: Record<string, unknown>, isUpdate: boolean, errors: Errors): ResourceInput[] {
  const resources: ResourceInput[] = [];
  if (data.resources !== undefined && data.resources !== null && data.resources !== '') {
    if (!Array.isArray(data.resources)) push(errors, 'resources', 'Must be a list of dictionaries');
    else {
      const nested: Errors[] = [];
      let bad = false;
      for (const r of data.resources) {
        const e: Errors = {};
        if (!r || typeof r !== 'object' || Array.isArray(r)) push(e, 'url', 'Must be a dictionary');
        resources.push(resourceInput(r, e, isUpdate));
        nested.push(e);
        if (Object.keys(e).length) bad = true;
      }
      if (bad) errors.resources = nested;
    }
  }

  return resources;
}

export async function packageInput(
  ctx: ActionContext,
  data: Record<string, unknown>,
  existing: ExistingPackage | null,
): Promise<PackageInput> {
  const errors: Errors = {};
  const { languages } = ctx.config;

  const { core, id } = await coreInput(ctx, data, existing, errors);

  const { isPrivate, owner_org } = await ownerInput(ctx, data, existing, errors);

  let state = (data.state === undefined && existing ? existing.state : str(data.state)) ?? 'active';
  // A deactivated dataset stays deactivated through its authors' edits: only package_activate
  // restores it (src/packages/status.ts).
  if (existing?.state === 'deactivated') state = 'deactivated';
  else if (!['active', 'draft', 'deleted'].includes(state))
    push(errors, 'state', 'Value must be one of: active, draft, deleted');
  const type = str(data.type) ?? 'dataset';

  const tags = tagNames(data, errors);
  const extras = extrasList(data, errors);

  const groupIds = await groupRefs(ctx, data, errors);

  const { title_translated, notes_translated } = translatedPairs(ctx, data, core, existing, errors);

  const enumValue = (k: keyof typeof PASSPORT_ENUMS, dflt: string | null) => {
    const v = str(data[k]);
    if (v === null || v === '') return dflt;
    if (!(PASSPORT_ENUMS[k] as readonly string[]).includes(v)) {
      push(errors, k, `Value must be one of: ${PASSPORT_ENUMS[k].join(', ')}`);
      return dflt;
    }
    return v;
  };
  const priority = enumValue('priority', null);
  const relevance = enumValue('relevance', null);
  const provision = enumValue('provision', 'manual')!;
  const update_frequency = enumValue('update_frequency', null);
  const external_api = str(data.external_api) || null;
  if (provision === 'external' && !external_api) push(errors, 'external_api', 'Missing value');
  if (external_api && !/^https?:\/\//i.test(external_api)) push(errors, 'external_api', 'Must be an http(s) URL');
  const update_schedule = schedule(update_frequency, data.update_schedule, errors);

  let sphere: string | null = null;
  const sphereRef = str(data.sphere);
  if (sphereRef) {
    const g = await resolveGroup(ctx, sphereRef, false);
    if (!g || g.state !== 'active') push(errors, 'sphere', 'Sphere does not exist');
    else {
      sphere = g.name;
      if (!groupIds.includes(g.id)) groupIds.push(g.id);
    }
  }

  const bag = passportBag(data, languages, errors);

  const resources = resourceList(data, !!existing, errors);

  if (Object.keys(errors).length) throw new ValidationError(errors);
  return {
    id: id ?? crypto.randomUUID(),
    core,
    state,
    private: isPrivate,
    type,
    owner_org,
    tags,
    extras,
    groupIds,
    sphere,
    resources,
    passport: {
      title_translated,
      notes_translated,
      priority,
      relevance,
      ai_ready: asbool(data.ai_ready) === true,
      provision,
      external_api,
      update_frequency,
      update_schedule,
      bag,
    },
  };
}
