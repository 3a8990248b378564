// Accepting an uploaded file: size limit, real type from its bytes, bytes into the upload store,
// metadata into content_file, and the public URL (/uploads/{id}/{filename}) handed back to the record.
import crypto from 'node:crypto';
import type { ActionContext, UploadedFile } from '../../actions/types.ts';
import { ValidationError } from '../../errors.ts';
import { detectType, EXTENSION, type UploadKind } from './sniff.ts';
import { uploadStore } from './store.ts';

export type OwnerKind = 'content' | 'showcase' | 'group';

export interface UploadTarget {
  /** The multipart field (`image_upload`, `icon_upload`, `file_upload`). */
  field: string;
  /** The record's field that receives the URL (`image_url`, `icon_url`, `file_url`). */
  urlField: string;
  kind: UploadKind;
}

export function limitFor(ctx: Pick<ActionContext, 'config'>, kind: UploadKind): number {
  return kind === 'document' ? ctx.config.uploads.maxFileBytes : ctx.config.uploads.maxImageBytes;
}

/** A file name safe in a URL path and a Content-Disposition header, keeping letters of any script. */
function cleanName(name: string, ext: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${base || 'file'}.${ext}`;
}

export async function saveUpload(
  ctx: ActionContext,
  file: UploadedFile,
  target: UploadTarget,
  owner: { kind: OwnerKind; id: string | null },
): Promise<string> {
  const limit = limitFor(ctx, target.kind);
  if (file.content.length > limit) {
    throw ValidationError.field(
      target.field,
      `File upload too large: ${file.content.length} bytes; the limit is ${limit} bytes`,
    );
  }
  const detected = await detectType(file.content, target.kind);
  if ('error' in detected) throw ValidationError.field(target.field, detected.error);
  const id = crypto.randomUUID();
  const ext = EXTENSION[detected.mime] ?? 'bin';
  const key = `${id}.${ext}`;
  const filename = cleanName(file.filename, ext);
  const store = await uploadStore(ctx.services);
  await store.put(key, file.content, detected.mime);
  await ctx.db
    .insertInto('content_file')
    .values({
      id,
      storage_key: key,
      filename,
      mimetype: detected.mime,
      size: file.content.length,
      sha256: crypto.createHash('sha256').update(file.content).digest('hex'),
      owner_kind: owner.kind,
      owner_id: owner.id,
    })
    .execute();
  return `${ctx.config.siteUrl}/uploads/${id}/${encodeURIComponent(filename)}`;
}

/**
 * CKAN's upload fields: a file in `target.field` replaces the URL field; `clear_upload` empties it.
 * Returns the input with the URL fields set, leaving the rest untouched.
 */
export async function applyUploads(
  ctx: ActionContext,
  input: Record<string, unknown>,
  targets: UploadTarget[],
  owner: { kind: OwnerKind; id: string | null },
): Promise<Record<string, unknown>> {
  const out = { ...input };
  for (const t of targets) {
    delete out[t.field];
    const file = ctx.files[t.field];
    if (file) out[t.urlField] = await saveUpload(ctx, file, t, owner);
    else if (typeof input[t.field] === 'string' && input[t.field] !== '') {
      throw ValidationError.field(t.field, 'Must be a file sent as multipart/form-data');
    }
  }
  const unknown = Object.keys(ctx.files).filter((f) => !targets.some((t) => t.field === f));
  if (unknown.length)
    throw ValidationError.field(
      unknown[0],
      `This action accepts no file in ${unknown[0]}; it takes ${targets.map((t) => t.field).join(', ') || 'no files'}`,
    );
  if (
    input.clear_upload !== undefined &&
    input.clear_upload !== '' &&
    input.clear_upload !== false &&
    input.clear_upload !== 'false'
  ) {
    for (const t of targets) if (!ctx.files[t.field]) out[t.urlField] = null;
  }
  delete out.clear_upload;
  return out;
}

/** Files of a deleted record go too, once the delete has committed. */
export async function dropOwnedFiles(ctx: ActionContext, owner: { kind: OwnerKind; id: string | null }): Promise<void> {
  const rows = await ctx.db
    .deleteFrom('content_file')
    .where('owner_kind', '=', owner.kind)
    .where('owner_id', '=', owner.id)
    .returning('storage_key')
    .execute();
  if (!rows.length) return;
  ctx.afterCommit(async () => {
    const store = await uploadStore(ctx.services);
    for (const r of rows) await store.delete(r.storage_key).catch(() => undefined);
  });
}
