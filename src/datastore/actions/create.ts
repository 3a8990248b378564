import { defineAction } from '../../actions/types.ts';
import { ValidationError } from '../../errors.ts';
import { catalogueRow, findResourceRef, notFound } from '../catalogue.ts';
import {
  checkedDescriptor,
  descriptorKey,
  fieldsFromDescriptor,
  fieldsFromInput,
  guessFields,
  namesOf,
} from '../fields.ts';
import { defineTable, loadRecords, markActive } from '../load.ts';
import { publicField } from '../search.ts';
import { jsonParam } from '../query.ts';
import { BOOL, checkWritable, dataEdit, echo, resourceIdOf } from './common.ts';

export default defineAction({
  name: 'datastore_create',
  tag: 'datastore',
  description: `Create (or extend) the DataStore table of a resource and optionally load records.

:param resource_id: the resource; or
:param resource: a resource dict (with package_id) for a new DataStore-only resource (url_type "datastore")
:param fields: [{id, type, info}] with CKAN types (text, int, int4, int8, numeric, float, float8, bool, date,
    time, timestamp, json, point, and arrays _text, _int4, ...); or
:param descriptor: a meta/fields descriptor (object or JSON text); its fields become the columns, its pkey the
    primary key, and loads are validated by it. Without fields or descriptor, a descriptor already attached
    to the resource is used, else the types are guessed from the records.
:param primary_key: list or comma-separated string of fields
:param indexes: list or comma-separated string of fields to index
:param records: records to insert
:param force: required (true) to write into a resource whose url_type is not "datastore"
:rtype: the request echoed back without records, with resource_id and the table's fields`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      resource_id: { type: 'string' },
      resource: { type: 'object' },
      fields: { type: ['array', 'string'] },
      records: { type: ['array', 'string'] },
      primary_key: { type: ['array', 'string'] },
      indexes: { type: ['array', 'string'] },
      force: BOOL,
      descriptor: { type: ['object', 'string'] },
      aliases: { type: ['array', 'string'] },
      calculate_record_count: BOOL,
    },
  },
  auth: dataEdit,
  async handler(ctx, input: Record<string, any>) {
    let ref;
    let created = false;
    if (!resourceIdOf(input) && input.resource) {
      if (!input.resource.package_id) throw ValidationError.field('resource', 'package_id: Missing value');
      const res = await ctx.call<{ id: string }>('resource_create', { ...input.resource, url_type: 'datastore' });
      ref = await findResourceRef(ctx.db, res.id);
      created = true;
    } else {
      const id = resourceIdOf(input);
      if (!id) throw ValidationError.field('resource_id', 'Missing value');
      ref = await findResourceRef(ctx.db, id);
      if (!ref) throw ValidationError.field('resource_id', 'Not found: Resource');
    }
    if (!ref) throw notFound(resourceIdOf(input));
    if (!created) checkWritable(ref, input.force);

    const records = jsonParam('records', input.records) ?? [];
    if (!Array.isArray(records)) throw ValidationError.field('records', 'Must be a list');
    const existing = await catalogueRow(ctx.db, ref.id);
    let descriptor =
      input.descriptor !== undefined
        ? checkedDescriptor(input.descriptor, ctx.config.languages, ctx.config.requiredLanguages)
        : null;
    const fieldsParam = jsonParam('fields', input.fields);
    if (descriptor && fieldsParam) throw ValidationError.field('fields', 'give fields or a descriptor, not both');
    if (!descriptor && !fieldsParam && existing?.descriptor) descriptor = existing.descriptor;

    let fields;
    if (descriptor) fields = fieldsFromDescriptor(descriptor);
    else if (fieldsParam) fields = fieldsFromInput(fieldsParam);
    else if (existing?.active) fields = existing.fields;
    else fields = guessFields(records);
    if (!fields.length) throw ValidationError.field('fields', 'Missing value: give fields, a descriptor or records');

    const primaryKey = descriptor
      ? descriptorKey(descriptor)
      : input.primary_key !== undefined
        ? namesOf('primary_key', input.primary_key, fields)
        : existing?.active
          ? existing.primary_key
          : [];
    const indexes = namesOf('indexes', input.indexes, [...fields, ...(existing?.fields ?? [])]);
    const t = await defineTable(ctx, ref.id, ref.package_id, {
      fields,
      primaryKey,
      indexes,
      descriptor: descriptor ?? null,
    });
    if (records.length) await loadRecords(ctx, t, records, 'insert');
    else await markActive(ctx, t, true);
    return echo(input, {
      resource_id: ref.id,
      fields: t.fields.map(publicField),
      ...(t.primary_key.length ? { primary_key: t.primary_key } : {}),
      ...(t.indexes.length ? { indexes: t.indexes } : {}),
      ...(descriptor ? { descriptor } : {}),
      method: 'insert',
    });
  },
});
