// The organization_* and group_* actions are the same CKAN logic for two kinds of group (CKAN's
// _group_or_org_* functions); each action module builds its definition here. A helper module.
import { sql } from 'kysely';
import { defineAction, type ActionDef, type AuthRule } from '../types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { anyone, groupById, operator } from '../../auth/rules.ts';
import { groupRead } from '../../auth/rules-group.ts';
import { recordChange } from '../../outbox.ts';
import { groupActivity } from '../../activity/record.ts';
import {
  baseDict,
  extrasOf,
  groupDict,
  isOrg,
  publicCount,
  requireGroup,
  showById,
  usersOf,
  type Dict,
  type GroupRow,
  type Kind,
  type ShowOptions,
} from './common.ts';
import { groupInput, saveGroup } from './input.ts';
import { escapeLike } from '../../db/like.ts';

const natural = { type: 'integer', minimum: 0 };
const bool = { type: 'boolean' };
const translated = { type: ['object', 'string', 'null'], description: 'language code -> text' };
const label = (kind: Kind) => (isOrg(kind) ? 'organization' : 'group');
const plural = (kind: Kind) => (isOrg(kind) ? 'organizations' : 'groups');

const SORTABLE: Record<string, 'name' | 'title' | 'package_count'> = {
  name: 'name',
  title: 'title',
  package_count: 'package_count',
  packages: 'package_count',
};

/** CKAN's _unpick_search with one criterion: `field [asc|desc]`. */
export function parseSort(sort: string | undefined): {
  field: 'name' | 'title' | 'package_count';
  dir: 'asc' | 'desc';
} {
  const parts = (sort && sort.trim() ? sort : 'title asc').split(',').map((p) => p.trim().split(/\s+/));
  let first: { field: 'name' | 'title' | 'package_count'; dir: 'asc' | 'desc' } | null = null;
  for (const [field, order = 'asc'] of parts) {
    if (!Object.hasOwn(SORTABLE, field)) throw new ValidationError({ message: `Cannot sort by field \`${field}\`` });
    const dir = order.toLowerCase();
    if (dir !== 'asc' && dir !== 'desc') throw new ValidationError({ message: `Invalid sort direction \`${order}\`` });
    first ??= { field: SORTABLE[field], dir };
  }
  if (parts.length > 1) throw new ValidationError({ message: 'Too many sort criteria provided only 1 allowed' });
  return first!;
}

function nameList(v: unknown): string[] {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [];
  return items.map((x) => String(x).trim()).filter(Boolean);
}

export function listDef(kind: Kind): ActionDef {
  const org = isOrg(kind);
  const restrict = plural(kind);
  return defineAction({
    name: `${kind}_list`,
    tag: plural(kind),
    description: `Return the names of the active ${plural(kind)}, or their dicts with all_fields.

:param all_fields: return dicts instead of names (default false)
:param sort: \`name\`, \`title\` or \`package_count\`, then \`asc\` or \`desc\` (default \`title asc\`)
:param limit: at most 1000 names, or 25 dicts with all_fields; larger values are lowered to that
:param offset: where to start
:param q: case-insensitive text found in the name, title or description
:param ${restrict}: names to restrict the list to (a list or a comma-separated string)
:param type: the ${label(kind)} type (default \`${org ? 'organization' : 'group'}\`)
:param include_dataset_count: with all_fields, add package_count, public datasets only (default true)
:param include_extras, include_tags, include_groups, include_users: with all_fields (default false)
:rtype: list of strings, or of dictionaries`,
    sideEffectFree: true,
    input: {
      type: 'object',
      properties: {
        all_fields: bool,
        limit: natural,
        offset: natural,
        sort: { type: 'string' },
        q: { type: 'string' },
        [restrict]: { type: ['array', 'string'], items: { type: 'string' } },
        type: { type: 'string' },
        include_dataset_count: bool,
        include_extras: bool,
        include_tags: bool,
        include_groups: bool,
        include_users: bool,
      },
    },
    auth: anyone,
    async handler(ctx, input: Record<string, any>) {
      const allFields = input.all_fields === true;
      const max = allFields ? 25 : 1000;
      const limit = input.limit === undefined ? max : Math.min(input.limit, max);
      const { field, dir } = parseSort(input.sort);
      let q = ctx.db
        .selectFrom('group')
        .selectAll('group')
        .select(publicCount(org).as('package_count'))
        .where('is_organization', '=', org)
        .where('state', '=', 'active')
        .where('type', '=', input.type || kind);
      const text = typeof input.q === 'string' ? input.q.trim() : '';
      if (text) {
        const pat = `%${escapeLike(text)}%`;
        q = q.where((eb) =>
          eb.or([eb('name', 'ilike', pat), eb('title', 'ilike', pat), eb('description', 'ilike', pat)]),
        );
      }
      const names = nameList(input[restrict]);
      if (names.length) q = q.where('name', 'in', names);
      const order =
        field === 'name'
          ? sql`"group".name`
          : field === 'title'
            ? sql`lower(coalesce(nullif("group".title, ''), "group".name))`
            : sql`package_count`;
      q = q
        .orderBy(order, dir)
        .orderBy('group.name', field === 'name' ? dir : 'asc')
        .limit(limit)
        .offset(input.offset ?? 0);
      const rows = await q.execute();
      if (!allFields) return rows.map((r) => r.name);
      const users =
        input.include_users === true
          ? await usersOf(
              ctx,
              rows.map((r) => r.id),
            )
          : null;
      return rows.map(({ package_count, ...g }) => {
        const d: Dict = { ...baseDict(ctx, g), num_followers: 0 };
        if (input.include_dataset_count !== false) d.package_count = Number(package_count);
        if (input.include_extras === true) d.extras = extrasOf(g);
        if (input.include_tags === true) d.tags = [];
        if (input.include_groups === true) d.groups = [];
        if (users) d.users = users.get(g.id) ?? [];
        return d;
      });
    },
  });
}

const showProps = {
  id: { type: 'string', description: 'id or name' },
  include_datasets: bool,
  include_dataset_count: bool,
  include_extras: bool,
  include_users: bool,
  include_groups: bool,
  include_tags: bool,
  include_followers: bool,
};

export function showDef(kind: Kind): ActionDef {
  return defineAction({
    name: `${kind}_show`,
    tag: plural(kind),
    description: `Return the details of ${isOrg(kind) ? 'an organization' : 'a group (sphere)'}.

:param id: id or name
:param include_datasets: add \`packages\`, its first 10 datasets (default false)
:param include_dataset_count: add package_count; members also count private datasets (default true)
:param include_extras, include_users, include_groups, include_tags, include_followers: (default true)
:rtype: dictionary

${isOrg(kind) ? 'Beside the CKAN keys: code, structure, title_translated, description_translated, email, phone, website, active, external_id.\nA group id is not found here.' : 'Beside the CKAN keys: title_translated, description_translated, icon_url, eu_theme.\nAn organization id is not found here.'}`,
    sideEffectFree: true,
    input: { type: 'object', properties: showProps },
    resolve: groupById,
    auth: groupRead(isOrg(kind)),
    async handler(ctx, input: ShowOptions & { id?: string }, found?: GroupRow) {
      if (!input.id) throw new ValidationError({ id: ['Missing value'] });
      const g = found && found.is_organization === isOrg(kind) ? found : undefined;
      if (!g) throw new NotFound();
      return groupDict(ctx, g, input);
    },
  });
}

function writeProps(kind: Kind) {
  const common = {
    id: { type: 'string' },
    name: { type: 'string' },
    title: { type: ['string', 'null'] },
    description: { type: ['string', 'null'] },
    image_url: { type: ['string', 'null'] },
    state: { type: 'string' },
    approval_status: { type: 'string' },
    image_upload: { type: 'string', description: 'a picture as a multipart/form-data file; sets image_url' },
    clear_upload: { type: ['string', 'boolean', 'null'] },
    extras: { type: ['array', 'string', 'null'], items: {} },
    users: { type: ['array', 'null'], items: {} },
    title_translated: translated,
    description_translated: translated,
  };
  return isOrg(kind)
    ? {
        ...common,
        code: { type: ['string', 'null'], description: '3-digit code, unique within the structure' },
        structure: { type: ['string', 'null'], description: 'code of the structure' },
        email: { type: ['string', 'null'] },
        phone: { type: ['string', 'null'] },
        website: { type: ['string', 'null'] },
        external_id: {
          type: ['string', 'null'],
          description: 'id in the government register (tax number); unique when set',
        },
        active: { type: 'boolean', description: 'inactive organizations receive no new datasets' },
      }
    : {
        ...common,
        type: { type: 'string' },
        icon_url: { type: ['string', 'null'] },
        icon_upload: {
          type: 'string',
          description: 'the icon as a multipart/form-data file (PNG, WebP, script-free SVG); sets icon_url',
        },
        eu_theme: { type: ['string', 'null'], description: 'EU data-theme code, e.g. ECON' },
      };
}

const fieldDocs = (kind: Kind) =>
  isOrg(kind)
    ? `:param code: 3-digit code of the organization within its structure (the OOO of passport codes)
:param structure: code of its structure (the S of passport codes)
:param title_translated, description_translated: per portal language; the default language's value is title/description
:param email, phone, website: contacts
:param external_id: id of the body in the government register (e.g. its tax number): sign-in claims and
  organization_import find the organization by it; unique when set, changed by operators only
:param active: false deactivates it (no new datasets); default true`
    : `:param title_translated, description_translated: per portal language; the default language's value is title/description
:param icon_url: the sphere's icon, or :param icon_upload: the icon as a multipart/form-data file
:param eu_theme: EU data-theme code (AGRI, ECON, EDUC, ENER, ENVI, GOVE, HEAL, INTR, JUST, OP_DATPRO, REGI, SOCI, TECH, TRAN)`;

export function createDef(kind: Kind): ActionDef {
  return defineAction({
    name: `${kind}_create`,
    tag: plural(kind),
    description: `Create ${isOrg(kind) ? 'an organization' : 'a group (a sphere)'}; operators and sysadmins keep this dictionary.

:param name: 2-100 lowercase ascii letters, digits, - and _ (unique among organizations and groups)
:param title, description, image_url, state, approval_status, extras [{key, value}]: as in CKAN
:param users: [{name, capacity}] members to add; the creator becomes an admin
:param id: (sysadmins only)
${fieldDocs(kind)}
:rtype: the new ${label(kind)} as ${kind}_show returns it`,
    sideEffectFree: false,
    input: { type: 'object', properties: writeProps(kind) },
    auth: operator,
    async handler(ctx, input: Record<string, unknown>) {
      const parsed = await groupInput(ctx, kind, input, null);
      const id = await saveGroup(ctx, kind, parsed, null);
      return showById(ctx, id);
    },
  });
}

export function updateDef(kind: Kind, auth: AuthRule): ActionDef {
  return defineAction({
    name: `${kind}_update`,
    tag: plural(kind),
    description: `Update ${isOrg(kind) ? 'an organization' : 'a group (sphere)'}: its admins or an operator.

:param id: id or name
The other parameters are those of ${kind}_create. As in CKAN 2.11, fields that are not sent keep their
value; \`users\` replaces the members when sent (omitted: members are kept), and a non-empty \`extras\`
replaces the extras. A plain field and its translation (title/title_translated, description/
description_translated): the one that differs from the stored value wins; both changed to different
values is a Validation Error naming both.${isOrg(kind) ? '\nOnly operators change code, structure and active.' : ''}
:rtype: the ${label(kind)} as ${kind}_show returns it`,
    sideEffectFree: false,
    input: { type: 'object', properties: writeProps(kind) },
    resolve: groupById,
    auth,
    async handler(ctx, input: Record<string, unknown>, found?: GroupRow) {
      const g = requireGroup(input.id, found, kind);
      const parsed = await groupInput(ctx, kind, input, g);
      await saveGroup(ctx, kind, parsed, g);
      return showById(ctx, g.id);
    },
  });
}

export function patchDef(kind: Kind, auth: AuthRule): ActionDef {
  return defineAction({
    name: `${kind}_patch`,
    tag: plural(kind),
    description: `Update some fields of ${isOrg(kind) ? 'an organization' : 'a group (sphere)'}, keeping the rest.

:param id: id or name
Sending only a *_translated field updates title/description from its default-language value.
:rtype: the ${label(kind)} as ${kind}_show returns it`,
    sideEffectFree: false,
    input: { type: 'object', properties: writeProps(kind) },
    resolve: groupById,
    auth,
    async handler(ctx, input: Record<string, unknown>, found?: GroupRow) {
      const g = requireGroup(input.id, found, kind);
      const current = await groupDict(ctx, g, {
        include_users: false,
        include_dataset_count: false,
        include_followers: false,
        include_groups: false,
        include_tags: false,
      });
      const merged: Record<string, unknown> = { ...current, ...input, id: g.id };
      for (const k of ['display_name', 'image_display_url', 'created', 'is_organization']) delete merged[k];
      // The stale plain values in `merged` are the stored ones: by the pair rule, a translation sent alone wins.
      return ctx.call(`${kind}_update`, merged, { ignoreAuth: true });
    },
  });
}

export function deleteDef(kind: Kind): ActionDef {
  const org = isOrg(kind);
  return defineAction({
    name: `${kind}_delete`,
    tag: plural(kind),
    description: `Delete ${org ? 'an organization' : 'a group (sphere)'}, softly: it is marked deleted and leaves every list; operators only.

:param id: id or name
:rtype: null
${org ? '\nAn organization that still has datasets is not deleted (unless unowned datasets are allowed, when they\nlose their organization). To retire an organization, prefer active=false.' : '\nIts datasets leave the group.'}`,
    sideEffectFree: false,
    input: { type: 'object', properties: { id: { type: 'string' } } },
    resolve: groupById,
    auth: operator,
    async handler(ctx, input, found?: GroupRow) {
      const g = requireGroup(input.id, found, kind);
      const touched = new Set<string>();
      if (org) {
        const owned = await ctx.db
          .selectFrom('package')
          .select('id')
          .where('owner_org', '=', g.id)
          .where('state', '!=', 'deleted')
          .execute();
        if (owned.length) {
          if (!ctx.config.createUnownedDataset)
            throw new ValidationError({ message: 'Organization cannot be deleted while it still has datasets' });
          await ctx.db
            .updateTable('package')
            .set({ owner_org: null })
            .where('owner_org', '=', g.id)
            .where('state', '!=', 'deleted')
            .execute();
          for (const p of owned) touched.add(p.id);
        }
      }
      const ended = await ctx.db
        .updateTable('member')
        .set({ state: 'deleted' })
        .where('group_id', '=', g.id)
        .where('state', '=', 'active')
        .returning(['table_name', 'table_id'])
        .execute();
      for (const m of ended) if (m.table_name === 'package') touched.add(m.table_id);
      await ctx.db.updateTable('group').set({ state: 'deleted' }).where('id', '=', g.id).execute();
      for (const id of touched) await recordChange(ctx, 'package', id);
      await recordChange(ctx, org ? 'organization' : 'group', g.id, 'delete');
      await groupActivity(ctx, g.id, 'deleted');
      return null;
    },
  });
}
