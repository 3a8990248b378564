import { defineAction } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { checkDescriptor, type Descriptor, type Problem } from '../../descriptor/index.ts';
import { compiledFor, keyResolver } from '../records.ts';
import { jsonParam } from '../query.ts';

export default defineAction({
  name: 'descriptor_validate',
  tag: 'datastore',
  description: `Check a descriptor and, optionally, records against it, without storing anything.

:param descriptor: the descriptor (or a whole {meta, data} document, whose data are then checked)
:param records: records to check (datapath references are checked against the DataStore)
:rtype: {valid, errors: [{index, path, message}]} (index -1: the descriptor itself)`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: { descriptor: { type: ['object', 'string'] }, records: { type: ['array', 'string'] } },
    required: ['descriptor'],
  },
  auth: anyone,
  async handler(ctx, input: Record<string, any>) {
    let d = jsonParam('descriptor', input.descriptor) as Record<string, unknown>;
    let records = jsonParam('records', input.records) as unknown[] | undefined;
    if (d && typeof d === 'object' && 'meta' in d && !('fields' in d)) {
      records ??= Array.isArray(d.data) ? (d.data as unknown[]) : undefined;
      d = d.meta as Record<string, unknown>;
    }
    const problems: Problem[] = checkDescriptor(d, ctx.config.languages, {
      requiredLanguages: ctx.config.requiredLanguages,
    });
    if (!problems.length && Array.isArray(records)) {
      const r = await compiledFor(d as unknown as Descriptor).validateBatch(records, {
        resolveKeys: keyResolver(ctx.db),
      });
      if (!r.ok) problems.push(...r.errors);
    }
    return { valid: problems.length === 0, errors: problems };
  },
});
