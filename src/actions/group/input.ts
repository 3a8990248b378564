// Turns an organization_/group_ create or update dict into the row to write, collecting every problem
// into one CKAN Validation Error, then writes it with its memberships. On update every field that is
// not sent keeps its value (CKAN 2.11's default_update_group_schema clears no column), so CKAN clients
// that do not know Pasport's dictionary fields never wipe them. A helper module: no default export.
import crypto from 'node:crypto';
import type { ActionContext } from '../types.ts';
import { ValidationError } from '../../errors.ts';
import { asbool } from '../validate.ts';
import { UUID, nameErrors } from '../../packages/names.ts';
import { groupTextFields } from './fields.ts';
import { byRef } from '../../db/ref.ts';
import { nowIso } from '../../packages/time.ts';
import { recordChange } from '../../outbox.ts';
import { groupActivity } from '../../activity/record.ts';
import { nonEmptyText } from '../../coerce.ts';
import { pushError, reconcilePair, translatedInput } from '../../packages/field-input.ts';
import { USER_CAPACITIES, isOrg, type GroupRow, type Kind } from './common.ts';
import { acceptGroupUploads } from '../../content/group-uploads.ts';

type Errors = Record<string, string[]>;

const push = pushError as (errors: Errors, key: string, ...msgs: string[]) => void;

const str = nonEmptyText;

function text(data: Record<string, unknown>, key: string, errors: Errors): string | null {
  const v = data[key];
  if (v !== undefined && v !== null && typeof v === 'object') push(errors, key, 'Must be a string');
  return str(v);
}

/** title/description and their translations, by the one rule for plain/translated pairs; CKAN 2.11
 * keeps a group's columns that are not sent. */
function pair(
  ctx: ActionContext,
  data: Record<string, unknown>,
  plainKey: 'title' | 'description',
  existing: GroupRow | null,
  errors: Errors,
) {
  const trKey = `${plainKey}_translated` as const;
  const has = (k: string) => data[k] !== undefined;
  const stored = existing && {
    shown: existing[plainKey],
    plain: existing[plainKey],
    translated: existing[trKey] ?? {},
  };
  const r = reconcilePair(
    {
      plainKey,
      translatedKey: trKey,
      lang: ctx.config.defaultLanguage,
      plain: has(plainKey) ? text(data, plainKey, errors) : (stored?.plain ?? null),
      plainSent: has(plainKey),
      translated: has(trKey)
        ? translatedInput(data[trKey], trKey, ctx.config.languages, errors)
        : (stored?.translated ?? {}),
      translatedSent: has(trKey),
      stored,
      keepWhenMissing: true,
    },
    errors,
  );
  return [r.plain, r.translated] as const;
}

export interface GroupValues {
  name: string;
  title: string | null;
  description: string | null;
  image_url: string | null;
  type: string;
  state: string;
  approval_status: string;
  extras: { key: string; value: string }[];
  title_translated: Record<string, string>;
  description_translated: Record<string, string>;
  code: string | null;
  structure_code: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  active: boolean;
  icon_url: string | null;
  eu_theme: string | null;
  external_id: string | null;
}

export interface GroupInput {
  id: string;
  values: GroupValues;
  /** Replacement member list, or null to keep the members. */
  users: { id: string; capacity: string }[] | null;
}

function extrasInput(v: unknown, errors: Record<string, unknown>): { key: string; value: string }[] | null {
  if (v === undefined || v === null || v === '') return null;
  let list: unknown = v;
  if (typeof v === 'string') {
    try {
      list = JSON.parse(v);
    } catch {
      list = null;
    }
  }
  if (!Array.isArray(list)) {
    errors.extras = ['Must be a list of dictionaries'];
    return null;
  }
  // CKAN keeps the old extras when the list is empty (group_dict_save only replaces a non-empty list).
  if (!list.length) return null;
  const out: { key: string; value: string }[] = [];
  const nested: Record<string, string[]>[] = [];
  const seen = new Set<string>();
  let bad = false;
  for (const e of list) {
    const err: Record<string, string[]> = {};
    const rec = e && typeof e === 'object' && !Array.isArray(e) ? (e as Record<string, unknown>) : {};
    const key = str(rec.key);
    if (!key) err.key = ['Missing value'];
    else if (seen.has(key)) err.key = [`Duplicate key "${key}"`];
    if (key) seen.add(key);
    nested.push(err);
    if (Object.keys(err).length) bad = true;
    else
      out.push({
        key: key!,
        value:
          typeof rec.value === 'string'
            ? rec.value
            : rec.value === undefined || rec.value === null
              ? ''
              : JSON.stringify(rec.value),
      });
  }
  if (bad) errors.extras = nested;
  return out;
}

async function usersInput(
  ctx: ActionContext,
  v: unknown,
  errors: Errors,
): Promise<{ id: string; capacity: string }[] | null> {
  if (v === undefined || v === null || v === '') return null;
  if (!Array.isArray(v)) {
    push(errors, 'users', 'Must be a list of dictionaries');
    return null;
  }
  const out = new Map<string, string>();
  for (const entry of v) {
    const rec: Record<string, unknown> =
      entry && typeof entry === 'object' ? (entry as Record<string, unknown>) : { name: entry };
    const ref = str(rec.name) ?? str(rec.id);
    const capacity = str(rec.capacity) ?? 'member';
    if (!USER_CAPACITIES.includes(capacity)) {
      push(errors, 'users', `Capacity "${capacity}" must be one of: ${USER_CAPACITIES.join(', ')}`);
      continue;
    }
    const found = ref ? await byRef(ctx.db, 'user', ref) : undefined;
    const row = found?.state === 'active' ? found : undefined;
    if (!row) {
      push(errors, 'users', `User "${ref ?? ''}" does not exist`);
      continue;
    }
    out.set(row.id, capacity);
  }
  return [...out].map(([id, capacity]) => ({ id, capacity }));
}

/** The name (unique across organizations and groups, deleted ones included, as in CKAN) and, for a
 * sysadmin's create, a chosen id. On update a missing name keeps the current one (ignore_missing). */
async function nameAndId(ctx: ActionContext, data: Record<string, unknown>, existing: GroupRow | null, errors: Errors) {
  const has = (k: string) => data[k] !== undefined;
  const name = existing && !has('name') ? existing.name : text(data, 'name', errors);
  push(errors, 'name', ...nameErrors(name));
  if (name && !nameErrors(name).length) {
    const clash = await ctx.db.selectFrom('group').select('id').where('name', '=', name).executeTakeFirst();
    if (clash && clash.id !== existing?.id) push(errors, 'name', 'Group name already exists in database');
  }
  let id = existing?.id ?? null;
  if (!existing && has('id') && data.id !== null && data.id !== '') {
    if (!ctx.user?.sysadmin) push(errors, 'id', 'The input field id was not expected.');
    else if (typeof data.id !== 'string' || !UUID.test(data.id)) push(errors, 'id', 'Invalid id');
    else if (await ctx.db.selectFrom('group').select('id').where('id', '=', data.id.toLowerCase()).executeTakeFirst())
      push(errors, 'id', 'Group id already exists');
    else id = data.id.toLowerCase();
  }
  return { name, id };
}

/** The organization's structure (by id or code), and its code unique within that structure. */
async function structureInput(
  ctx: ActionContext,
  kind: Kind,
  data: Record<string, unknown>,
  existing: GroupRow | null,
  code: string | null,
  errors: Errors,
) {
  let structure_code = existing?.structure_code ?? null;
  if (data.structure !== undefined) {
    const ref = text(data, 'structure', errors);
    const found = ref === null ? undefined : await byRef(ctx.db, 'structure', ref);
    structure_code = found?.state === 'active' ? found.code : null;
    if (ref !== null && !structure_code) push(errors, 'structure', 'Structure does not exist');
  }
  if (isOrg(kind) && code && structure_code && !errors.code) {
    const clash = await ctx.db
      .selectFrom('group')
      .select('id')
      .where('is_organization', '=', true)
      .where('structure_code', '=', structure_code)
      .where('code', '=', code)
      .executeTakeFirst();
    if (clash && clash.id !== existing?.id)
      push(errors, 'code', `Organization code ${code} is already used in structure ${structure_code}`);
  }
  return structure_code;
}

/** The organization's id in the government register (sign-in claims are matched against it): unique when set. */
async function externalIdInput(
  ctx: ActionContext,
  kind: Kind,
  data: Record<string, unknown>,
  existing: GroupRow | null,
  errors: Errors,
) {
  if (data.external_id === undefined) return existing?.external_id ?? null;
  const x = text(data, 'external_id', errors);
  if (x && x.length > 100) push(errors, 'external_id', 'Must be a maximum of 100 characters long');
  if (isOrg(kind) && x && !errors.external_id) {
    const clash = await ctx.db.selectFrom('group').select('id').where('external_id', '=', x).executeTakeFirst();
    if (clash && clash.id !== existing?.id)
      push(errors, 'external_id', `External id ${x} is already used by another organization`);
  }
  return x;
}

export async function groupInput(
  ctx: ActionContext,
  kind: Kind,
  input: Record<string, unknown>,
  existing: GroupRow | null,
): Promise<GroupInput> {
  const data = await acceptGroupUploads(ctx, isOrg(kind), input, existing?.id ?? null);
  const errors: Errors = {};
  const nestedErrors: Record<string, unknown> = {};
  const has = (k: string) => data[k] !== undefined;

  const { name, id } = await nameAndId(ctx, data, existing, errors);
  const [title, title_translated] = pair(ctx, data, 'title', existing, errors);
  const [description, description_translated] = pair(ctx, data, 'description', existing, errors);

  // CKAN 2.11 keeps what an update does not send (default_update_group_schema).
  const image_url = existing && !has('image_url') ? existing.image_url : text(data, 'image_url', errors);
  const state = has('state') ? (str(data.state) ?? 'active') : (existing?.state ?? 'active');
  if (!['active', 'deleted'].includes(state)) push(errors, 'state', 'Value must be one of: active, deleted');
  const approval_status = has('approval_status')
    ? (str(data.approval_status) ?? 'approved')
    : (existing?.approval_status ?? 'approved');
  const type = isOrg(kind) ? 'organization' : ((has('type') ? str(data.type) : null) ?? existing?.type ?? 'group');

  const extras = extrasInput(data.extras, nestedErrors) ?? existing?.extras ?? [];
  const users = await usersInput(ctx, data.users, errors);

  // Pasport's fields (src/actions/group/fields.ts): absent keeps the current value.
  const { code, email, phone, website, icon_url, eu_theme } = groupTextFields(
    has,
    (k) => text(data, k, errors),
    existing,
    (k, ...m) => push(errors, k, ...m),
  );
  const structure_code = await structureInput(ctx, kind, data, existing, code, errors);
  let active = existing?.active ?? true;
  if (has('active')) {
    const b = asbool(data.active === null ? true : data.active);
    if (typeof b !== 'boolean') push(errors, 'active', 'Must be a boolean');
    active = typeof b === 'boolean' ? b : true;
  }
  const external_id = await externalIdInput(ctx, kind, data, existing, errors);

  if (Object.keys(errors).length || Object.keys(nestedErrors).length)
    throw new ValidationError({ ...errors, ...nestedErrors });
  const org = isOrg(kind);
  return {
    id: id ?? crypto.randomUUID(),
    users,
    values: {
      name: name!,
      title,
      description,
      image_url,
      type,
      state,
      approval_status,
      extras,
      title_translated,
      description_translated,
      // Each kind keeps only its own dictionary fields.
      code: org ? code : null,
      structure_code: org ? structure_code : null,
      email: org ? email : null,
      phone: org ? phone : null,
      website: org ? website : null,
      active: org ? active : true,
      icon_url: org ? null : icon_url,
      eu_theme: org ? null : eu_theme,
      external_id: org ? external_id : null,
    },
  };
}

/** Creates or updates a membership (any state) and returns it. */
export async function upsertMember(
  ctx: ActionContext,
  groupId: string,
  tableName: 'user' | 'package',
  tableId: string,
  capacity: string,
) {
  return (
    ctx.db
      .insertInto('member')
      .values({
        id: crypto.randomUUID(),
        group_id: groupId,
        table_name: tableName,
        table_id: tableId,
        capacity,
        state: 'active',
      })
      // Set by hand: a sign-in no longer manages this membership (member.synced_from, src/oidc/people.ts).
      .onConflict((oc) =>
        oc
          .columns(['group_id', 'table_name', 'table_id'])
          .doUpdateSet({ capacity, state: 'active', synced_from: null }),
      )
      .returningAll()
      .executeTakeFirstOrThrow()
  );
}

/** Writes the group row and its memberships; the creator becomes an admin. Returns the id. */
export async function saveGroup(
  ctx: ActionContext,
  kind: Kind,
  input: GroupInput,
  existing: GroupRow | null,
): Promise<string> {
  const v = input.values;
  const row = {
    ...v,
    extras: JSON.stringify(v.extras),
    title_translated: JSON.stringify(v.title_translated),
    description_translated: JSON.stringify(v.description_translated),
  };
  const id = input.id;
  if (existing) {
    await ctx.db.updateTable('group').set(row).where('id', '=', id).execute();
    // A sphere is referenced by name from its datasets' passports: a rename follows through.
    if (!isOrg(kind) && existing.name !== v.name) {
      const moved = await ctx.db
        .updateTable('package')
        .set({ sphere: v.name })
        .where('sphere', '=', existing.name)
        .returning('id')
        .execute();
      for (const p of moved) await recordChange(ctx, 'package', p.id);
    }
  } else {
    await ctx.db
      .insertInto('group')
      .values({ ...row, id, is_organization: isOrg(kind), created: nowIso() })
      .execute();
  }
  if (input.users) {
    const keepIds = input.users.map((u) => u.id);
    let gone = ctx.db
      .updateTable('member')
      .set({ state: 'deleted' })
      .where('group_id', '=', id)
      .where('table_name', '=', 'user')
      .where('state', '=', 'active');
    if (keepIds.length) gone = gone.where('table_id', 'not in', keepIds);
    await gone.execute();
    for (const u of input.users) await upsertMember(ctx, id, 'user', u.id, u.capacity);
  }
  if (!existing && ctx.user) await upsertMember(ctx, id, 'user', ctx.user.id, 'admin');
  await recordChange(ctx, isOrg(kind) ? 'organization' : 'group', id);
  await groupActivity(ctx, id, existing ? 'changed' : 'new');
  return id;
}
