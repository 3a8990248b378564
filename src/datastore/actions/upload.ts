import { defineAction } from '../../actions/types.ts';
import { ValidationError } from '../../errors.ts';
import { editableResource } from '../catalogue.ts';
import { loadUpload } from '../upload.ts';
import { BOOL, dataEdit, requireResourceId } from './common.ts';

export default defineAction({
  name: 'datastore_upload',
  tag: 'datastore',
  description: `Load a document into a resource's DataStore table (manual provision). Send multipart/form-data with the
file in a part named "upload".

:param resource_id: the resource
:param upload: the file: JSON {meta, data} (the Kazakh format), its XML form, or a CSV / XLSX filled from the
    template (/datastore/template/{resource_id}); JSON and XML documents with meta attach that descriptor
:param format: json, xml, csv or xlsx (default: from the file name or media type)
:param method: upsert (default when the descriptor has a pkey), insert or update
:param replace: true: the document is the whole data, records not in it are deleted
:param dry_run: validate only
:rtype: {resource_id, format, method, records, replace}; a rejected document writes nothing and lists every
    problem with record index and field path in "records_errors"`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      resource_id: { type: 'string' },
      id: { type: 'string' },
      format: { type: 'string' },
      method: { enum: ['upsert', 'insert', 'update'] },
      replace: BOOL,
      dry_run: BOOL,
    },
  },
  auth: dataEdit,
  async handler(ctx, input: Record<string, any>) {
    const ref = await editableResource(ctx, requireResourceId(input));
    const file = ctx.files.upload;
    if (!file) throw ValidationError.field('upload', 'Missing value');
    return loadUpload(ctx, ref, file, {
      format: input.format,
      method: input.method,
      replace: input.replace === true,
      dryRun: input.dry_run === true,
    });
  },
});
