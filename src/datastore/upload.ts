// Manual provision: an uploaded document (the Kazakh JSON {meta, data}, its XML form, or a CSV / XLSX
// filled from the template) becomes a batch for the resource's table. A document that carries its own
// meta (JSON, XML) attaches or replaces the descriptor; CSV and XLSX are read with the attached one.
import type { ActionContext, UploadedFile } from '../actions/types.ts';
import { ValidationError } from '../errors.ts';
import { formatOf, parseUpload, UploadError, type Descriptor, type UploadFormat } from '../descriptor/index.ts';
import { catalogueRow, type ResourceRef } from './catalogue.ts';
import { checkedDescriptor } from './fields.ts';
import { loadRecords, tableForDescriptor } from './load.ts';
import { recordsError } from './records.ts';
import { sql } from 'kysely';
import { table, type Method } from './store.ts';

export interface UploadOptions {
  format?: string;
  method?: Method;
  /** The upload is the whole data: records not in it are deleted (in the same transaction). */
  replace?: boolean;
  dryRun?: boolean;
}

export function uploadFormat(file: UploadedFile, given?: string): UploadFormat {
  const f = (given?.toLowerCase() as UploadFormat | undefined) ?? formatOf(file.filename) ?? formatOf(file.mimetype);
  if (!f || !['json', 'xml', 'csv', 'xlsx'].includes(f))
    throw ValidationError.field('format', 'give format json, xml, csv or xlsx (or a file name with that extension)');
  return f;
}

export async function loadUpload(ctx: ActionContext, ref: ResourceRef, file: UploadedFile, opts: UploadOptions) {
  const format = uploadFormat(file, opts.format);
  const row = await catalogueRow(ctx.db, ref.id);
  const stored = row?.descriptor ?? undefined;
  let upload;
  try {
    upload = await parseUpload(file.content, format, stored);
  } catch (e) {
    if (e instanceof UploadError) throw recordsError(e.problems);
    throw e;
  }
  let descriptor: Descriptor | undefined = stored;
  if (upload.meta && JSON.stringify(upload.meta) !== JSON.stringify(stored))
    descriptor = checkedDescriptor(upload.meta, ctx.config.languages, ctx.config.requiredLanguages);
  if (!descriptor)
    throw ValidationError.field(
      'upload',
      'the resource has no descriptor and the document carries no meta: attach one with descriptor_update',
    );
  const t = await tableForDescriptor(ctx, ref.id, ref.package_id, descriptor);
  if (opts.replace) await sql`DELETE FROM ${table(t.resource_id)}`.execute(ctx.db);
  const method: Method = opts.method ?? (t.primary_key.length ? 'upsert' : 'insert');
  await loadRecords(ctx, t, upload.data, method, { dryRun: opts.dryRun });
  return {
    resource_id: ref.id,
    format,
    method,
    records: upload.data.length,
    replace: !!opts.replace,
    ...(opts.dryRun ? { dry_run: true } : {}),
  };
}
