// download_purpose_create / update / delete / list: operators keep the dictionary, anyone lists it.
import { sql } from 'kysely';
import { defineAction, type ActionContext } from '../../actions/types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { anyone, operator } from '../../auth/rules.ts';
import { siteWide } from '../../auth/permissions.ts';
import { newId, purposeByRef, purposeDict, purposeValues, type PurposeInput } from '../purposes.ts';

const fields = {
  name: { type: 'string', description: 'a short code: lower-case letters, digits, - and _' },
  label_translated: {
    type: ['object', 'string'],
    description: 'the label per language, e.g. {"ru": "...", "uz": "...", "en": "...", "kk": "...", "ky": "..."}',
  },
  position: { type: 'integer', description: 'order in lists (ascending)' },
  active: { type: 'boolean', description: 'false retires the purpose (kept for the statistics)' },
} as const;

async function taken(ctx: ActionContext, name: string | undefined, id?: string) {
  if (!name) return;
  const other = await ctx.db.selectFrom('download_purpose').select('id').where('name', '=', name).executeTakeFirst();
  if (other && other.id !== id) throw new ValidationError({ name: ['That name is already in use'] });
}

const create = defineAction({
  name: 'download_purpose_create',
  tag: 'downloads',
  description: `Add a download purpose to the dictionary (operators and sysadmins).

:param name: short code (used as the \`purpose\` of a download)
:param label_translated: the label per language
:param position: order in lists (optional)
:rtype: the purpose {id, name, label_translated, position, active, created, modified}`,
  sideEffectFree: false,
  input: { type: 'object', properties: fields, required: ['name', 'label_translated'] },
  auth: operator,
  async handler(ctx, input: PurposeInput) {
    const v = purposeValues(input, true);
    await taken(ctx, v.name);
    const row = await ctx.db
      .insertInto('download_purpose')
      .values({
        id: newId(),
        name: v.name!,
        label_translated: v.label_translated!,
        position: v.position ?? 0,
        active: v.active ?? true,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return purposeDict(row);
  },
});

const update = defineAction({
  name: 'download_purpose_update',
  tag: 'downloads',
  description: `Change a download purpose (operators and sysadmins); keys not given keep their value.

:param id: id or name of the purpose
:rtype: the purpose`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' }, ...fields }, required: ['id'] },
  auth: operator,
  async handler(ctx, input) {
    const row = await purposeByRef(ctx.db, input.id);
    if (!row) throw new NotFound('Download purpose not found');
    const v = purposeValues(input, false);
    await taken(ctx, v.name, row.id);
    const out = await ctx.db
      .updateTable('download_purpose')
      .set({ ...v, modified: sql`now() at time zone 'utc'` as never })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return purposeDict(out);
  },
});

const remove = defineAction({
  name: 'download_purpose_delete',
  tag: 'downloads',
  description: `Retire a download purpose (operators and sysadmins): it leaves the public list and new downloads
cannot name it, but downloads counted under it keep it in the statistics.

:param id: id or name of the purpose
:rtype: null`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  auth: operator,
  async handler(ctx, input) {
    const row = await purposeByRef(ctx.db, input.id);
    if (!row || !row.active) throw new NotFound('Download purpose not found');
    await ctx.db
      .updateTable('download_purpose')
      .set({ active: false, modified: sql`now() at time zone 'utc'` as never })
      .where('id', '=', row.id)
      .execute();
    return null;
  },
});

const list = defineAction({
  name: 'download_purpose_list',
  tag: 'downloads',
  description: `The download purposes a downloader may choose from, in order.

:param all_states: operators only: include retired purposes (default false)
:rtype: list of purposes {id, name, label_translated, position, active, created, modified}

Pass a purpose's name as \`purpose\` when downloading (resource files, DataStore dumps,
/catalog/export.ttl): the download is counted under it.`,
  sideEffectFree: true,
  input: { type: 'object', properties: { all_states: { type: 'boolean' } } },
  auth: anyone,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('download_purpose').selectAll().orderBy('position').orderBy('name');
    if (!(input.all_states && siteWide(ctx.user))) q = q.where('active', '=', true);
    return (await q.execute()).map(purposeDict);
  },
});

export default [create, update, remove, list];
