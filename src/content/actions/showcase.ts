// ckanext_showcase_create/update/delete/show/list: the request shapes of ckanext-showcase (a package
// dict of type "showcase": name, title, notes, url, image_url or an `image_upload` file, tags), with
// title and notes translated. Operators and sysadmins write (ckanext-showcase: sysadmins and
// showcase admins); drafts (`state: draft`) are seen by them only.
import crypto from 'node:crypto';
import { defineAction, type ActionContext, type ActionDef } from '../../actions/types.ts';
import { ValidationError } from '../../errors.ts';
import { anyone, operator } from '../../auth/rules.ts';
import { applyUploads, dropOwnedFiles, type UploadTarget } from '../uploads/files.ts';
import { canWrite, nowStamp } from '../visibility.ts';
import {
  datasetCount,
  findShowcase,
  requireShowcase,
  showcaseDict,
  showcaseValues,
  touchDatasets,
  type ShowcaseRow,
} from '../showcase/common.ts';

const TAG = 'showcases';
const IMAGE: UploadTarget[] = [{ field: 'image_upload', urlField: 'image_url', kind: 'image' }];
const translated = { type: ['object', 'string', 'null'], description: 'language code -> text' };

function writeInput(update: boolean) {
  return {
    type: 'object',
    additionalProperties: false,
    ...(update ? { required: ['id'] } : {}),
    properties: {
      ...(update ? { id: { type: 'string', description: 'id or name' } } : {}),
      name: { type: 'string' },
      title: { type: 'string' },
      notes: { type: 'string' },
      title_translated: translated,
      notes_translated: translated,
      url: { type: ['string', 'null'] },
      image_url: { type: ['string', 'null'] },
      image_upload: { type: 'string' },
      clear_upload: { type: ['string', 'boolean', 'null'] },
      tags: { type: ['array', 'string', 'null'] },
      tag_string: { type: ['string', 'null'] },
      state: { type: 'string', enum: ['active', 'draft'] },
      type: { type: 'string' },
    },
  };
}

async function save(ctx: ActionContext, data: Record<string, unknown>, existing: ShowcaseRow | null) {
  const id = existing?.id ?? crypto.randomUUID();
  const input = await applyUploads(ctx, data, IMAGE, { kind: 'showcase', id });
  const v = showcaseValues(ctx, input, existing);
  const clash = await findShowcase(ctx, v.name);
  if (clash && clash.id !== id) throw ValidationError.field('name', 'That URL is already in use.');
  const row = {
    ...v,
    title_translated: JSON.stringify(v.title_translated),
    notes_translated: JSON.stringify(v.notes_translated),
    metadata_modified: nowStamp(ctx),
  };
  if (existing) await ctx.db.updateTable('showcase').set(row).where('id', '=', id).execute();
  else
    await ctx.db
      .insertInto('showcase')
      .values({ ...row, id, creator_user_id: ctx.user?.id ?? null, metadata_created: row.metadata_modified })
      .execute();
  await touchDatasets(ctx, id);
  const saved = await ctx.db.selectFrom('showcase').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return showcaseDict(ctx, saved, (await datasetCount(ctx, [id])).get(id) ?? 0);
}

const create = defineAction({
  name: 'ckanext_showcase_create',
  tag: TAG,
  sideEffectFree: false,
  auth: operator,
  input: writeInput(false),
  description: `Create a showcase: an app or service built on the portal's data (ckanext-showcase).

:param name: URL name, unique
:param title: the title in the default language, or :param title_translated: {lang: title}
:param notes, notes_translated: its description (Markdown)
:param url: where the app lives
:param image_url: a picture, or :param image_upload: a picture as a multipart/form-data file
:param tags: list of tags (or tag_string "a,b")
:param state: active (default) or draft (seen by operators only)
:rtype: the showcase as a package dict of type "showcase"`,
  handler: (ctx, input: Record<string, unknown>) => save(ctx, input, null),
});

const update = defineAction({
  name: 'ckanext_showcase_update',
  tag: TAG,
  sideEffectFree: false,
  auth: operator,
  input: writeInput(true),
  description: `Update a showcase (as package_update: fields left out are cleared; the name is kept).

:param id: id or name
:rtype: the showcase`,
  async handler(ctx, input: Record<string, unknown>) {
    const row = await requireShowcase(ctx, input.id);
    const { id: _id, ...rest } = input;
    return save(ctx, rest, row);
  },
});

const remove = defineAction({
  name: 'ckanext_showcase_delete',
  tag: TAG,
  sideEffectFree: false,
  auth: operator,
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['id'],
    properties: { id: { type: 'string', description: 'id or name' } },
  },
  description: 'Delete a showcase, its links to datasets and its picture.\n\n:param id: id or name\n:rtype: null',
  async handler(ctx, input) {
    const row = await requireShowcase(ctx, input.id);
    await touchDatasets(ctx, row.id);
    await ctx.db.deleteFrom('showcase').where('id', '=', row.id).execute();
    await dropOwnedFiles(ctx, { kind: 'showcase', id: row.id });
    return null;
  },
});

const show = defineAction({
  name: 'ckanext_showcase_show',
  tag: TAG,
  sideEffectFree: true,
  auth: anyone,
  input: {
    type: 'object',
    additionalProperties: false,
    required: ['id'],
    properties: { id: { type: 'string', description: 'id or name' } },
  },
  description: 'Return a showcase.\n\n:param id: id or name\n:rtype: the showcase as a package dict of type "showcase"',
  async handler(ctx, input) {
    const row = await requireShowcase(ctx, input.id);
    return showcaseDict(ctx, row, (await datasetCount(ctx, [row.id])).get(row.id) ?? 0);
  },
});

const list = defineAction({
  name: 'ckanext_showcase_list',
  tag: TAG,
  sideEffectFree: true,
  auth: anyone,
  input: {
    type: 'object',
    additionalProperties: false,
    properties: { limit: { type: 'integer', minimum: 1, maximum: 1000 }, offset: { type: 'integer', minimum: 0 } },
  },
  description:
    'Return the showcases, newest first (drafts too for operators).\n\n:param limit: (optional) :param offset: (optional)\n:rtype: list of showcases',
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('showcase').selectAll().orderBy('metadata_created', 'desc').orderBy('id');
    if (!canWrite(ctx)) q = q.where('state', '=', 'active');
    const rows = await q
      .limit(input.limit ?? 1000)
      .offset(input.offset ?? 0)
      .execute();
    const counts = await datasetCount(
      ctx,
      rows.map((r) => r.id),
    );
    return rows.map((r) => showcaseDict(ctx, r, counts.get(r.id) ?? 0));
  },
});

export default [create, update, remove, show, list] as ActionDef[];
