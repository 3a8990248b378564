// The six actions of a content type (<type>_create/update/patch/delete/show/list), built from its
// definition: one implementation for news, pages, instructions, glossary, FAQ and legal acts.
import crypto from 'node:crypto';
import { defineAction, type ActionContext, type ActionDef } from '../actions/types.ts';
import { NotAuthorized, NotFound, ValidationError } from '../errors.ts';
import { anyone, operator } from '../auth/rules.ts';
import type { ContentType } from './defs.ts';
import { contentCard, contentDict } from './dict.ts';
import { contentRows, contentValues, rowAsInput, tagList, type ContentRow } from './input.ts';
import { listSchema, showSchema, writeSchema } from './schemas.ts';
import { findItem, listItems, requireItem } from './store.ts';
import { applyUploads, dropOwnedFiles, type UploadTarget } from './uploads/files.ts';
import { canWrite, isPublic, nowStamp } from './visibility.ts';

const TAG = 'content';

export function language(ctx: ActionContext, lang: unknown): string {
  if (lang === undefined || lang === null || lang === '') return ctx.config.defaultLanguage;
  if (typeof lang !== 'string' || !ctx.config.languages.includes(lang)) {
    throw ValidationError.field(
      'lang',
      `Unknown language "${String(lang)}"; expected one of ${ctx.config.languages.join(', ')}`,
    );
  }
  return lang;
}

export function uploadTargets(type: ContentType): UploadTarget[] {
  const out: UploadTarget[] = type.image ? [{ field: 'image_upload', urlField: 'image_url', kind: 'image' }] : [];
  for (const f of type.fields) if (f.upload) out.push({ field: f.upload.field, urlField: f.name, kind: f.upload.kind });
  return out;
}

async function save(
  ctx: ActionContext,
  type: ContentType,
  data: Record<string, unknown>,
  id: string,
  existing: ContentRow | null,
) {
  const input = await applyUploads(ctx, data, uploadTargets(type), { kind: 'content', id });
  const merged = existing && data.__patch ? { ...rowAsInput(type, existing), ...input } : input;
  const v = contentValues(ctx, type, merged, id, existing);
  const clash = await findItem(ctx, type, v.name);
  if (clash && clash.id !== id)
    throw ValidationError.field('name', `That name is already in use by another ${type.label}`);
  const { item, body, search } = contentRows(type, v, nowStamp(ctx));
  if (existing) {
    await ctx.db.updateTable('content_item').set(item).where('id', '=', id).execute();
    await ctx.db.updateTable('content_body').set(body).where('id', '=', id).execute();
    await ctx.db.updateTable('content_search').set(search).where('id', '=', id).execute();
  } else {
    await ctx.db
      .insertInto('content_item')
      .values({ ...item, id, type: type.type, creator_user_id: ctx.user?.id ?? null })
      .execute();
    await ctx.db
      .insertInto('content_body')
      .values({ ...body, id })
      .execute();
    await ctx.db
      .insertInto('content_search')
      .values({ ...search, id })
      .execute();
  }
  const saved = await findItem(ctx, type, id);
  return contentDict(type, saved!, language(ctx, data.lang), ctx.config.languages);
}

function createDef(type: ContentType): ActionDef {
  return defineAction({
    name: `${type.type}_create`,
    tag: TAG,
    sideEffectFree: false,
    auth: operator,
    input: writeSchema(type, false),
    description: `Create a ${type.label}; operators and sysadmins. ${type.about}

:param title_translated: {lang: title}; at least one portal language (or \`title\` for the default language)
:param summary_translated, body_translated: {lang: text}; the body is HTML (sanitized: no scripts, event handlers or javascript: links) or Markdown (\`body_format\`)
:param name, tags, published, active, position: see the input schema${type.image ? '\n:param image_upload: a picture as a multipart/form-data file, or `image_url`' : ''}
${type.fields.map((f) => `:param ${f.name}: ${f.description}`).join('\n')}
:rtype: the ${type.label} as ${type.type}_show returns it`,
    handler: (ctx, input: Record<string, unknown>) => save(ctx, type, input, crypto.randomUUID(), null),
  });
}

function updateDef(type: ContentType, patch: boolean): ActionDef {
  return defineAction({
    name: `${type.type}_${patch ? 'patch' : 'update'}`,
    tag: TAG,
    sideEffectFree: false,
    auth: operator,
    input: writeSchema(type, true),
    description: patch
      ? `Change only the given fields of a ${type.label}; operators and sysadmins.\n\n:param id: id or name\n:rtype: the ${type.label}`
      : `Replace a ${type.label}; fields left out return to their defaults (name and published date are kept); operators and sysadmins.\n\n:param id: id or name\n:rtype: the ${type.label}`,
    async handler(ctx, input: Record<string, unknown>) {
      const row = await requireItem(ctx, type, String(input.id));
      const { id: _id, ...rest } = input;
      return save(ctx, type, patch ? { ...rest, __patch: true } : rest, row.id, row);
    },
  });
}

function deleteDef(type: ContentType): ActionDef {
  return defineAction({
    name: `${type.type}_delete`,
    tag: TAG,
    sideEffectFree: false,
    auth: operator,
    input: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string' } } },
    description: `Delete a ${type.label} and its uploaded files; operators and sysadmins.\n\n:param id: id or name\n:rtype: null`,
    async handler(ctx, input: { id: string }) {
      const row = await requireItem(ctx, type, input.id);
      await ctx.db.deleteFrom('content_item').where('id', '=', row.id).execute();
      await dropOwnedFiles(ctx, { kind: 'content', id: row.id });
      return null;
    },
  });
}

function showDef(type: ContentType): ActionDef {
  return defineAction({
    name: `${type.type}_show`,
    tag: TAG,
    sideEffectFree: true,
    auth: anyone,
    input: showSchema(),
    description: `Return a ${type.label}. Inactive or not yet published ones are found only by operators.

:param id: id or name
:param lang: the language of title, summary and body (the default language, then any, when missing)
:rtype: {id, type, name, title, summary, body, body_html, *_translated, tags, published, active, position, ...}`,
    async handler(ctx, input: { id: string; lang?: string }) {
      const lang = language(ctx, input.lang);
      const row = await findItem(ctx, type, input.id);
      if (!row || (!canWrite(ctx) && !isPublic(row, nowStamp(ctx)))) throw new NotFound(`${type.label} not found`);
      return contentDict(type, row, lang, ctx.config.languages);
    },
  });
}

function listDef(type: ContentType): ActionDef {
  return defineAction({
    name: `${type.type}_list`,
    tag: TAG,
    sideEffectFree: true,
    auth: anyone,
    input: listSchema(),
    description: `Return a page of ${type.plural} as cards, ${type.defaultSort} by default. Only active, published items unless an operator asks for \`include_inactive\`.

:param lang: the language of the cards' title and summary
:param q: words to search for; :param tags: required tags
:param sort: ${type.defaultSort} (default) or another of the schema's values
:param limit: 1-1000 (default 20); :param offset: (default 0)
:rtype: {count, results: [{id, name, title, summary, tags, published, ...}]}`,
    async handler(ctx, input: Record<string, unknown>) {
      const lang = language(ctx, input.lang);
      if (input.include_inactive === true && !canWrite(ctx))
        throw new NotAuthorized(`Only operators may list inactive ${type.plural}`);
      const errors = {};
      const tags = tagList(input.tags, errors);
      const { count, rows } = await listItems(ctx, type, {
        lang,
        fallback: ctx.config.defaultLanguage,
        q: typeof input.q === 'string' ? input.q : null,
        tags,
        sort: (input.sort as never) ?? type.defaultSort,
        limit: (input.limit as number) ?? 20,
        offset: (input.offset as number) ?? 0,
        publicAt: input.include_inactive === true ? null : nowStamp(ctx),
        withBodies: type.bodyInList,
      });
      return { count, results: rows.map((r) => contentCard(type, r, lang, ctx.config.languages)) };
    },
  });
}

export function contentActions(type: ContentType): ActionDef[] {
  return [
    createDef(type),
    updateDef(type, false),
    updateDef(type, true),
    deleteDef(type),
    showDef(type),
    listDef(type),
  ];
}
