// The input of external_source_update / external_source_test, checked once for both.
import { ValidationError } from '../errors.ts';
import type { ActionContext } from '../actions/types.ts';
import { NotFound } from '../errors.ts';
import type { PackageRow } from '../auth/rules.ts';
import { isUuid } from '../db/ref.ts';
import { EXTERNAL_FORMATS } from './parse.ts';
import { seal } from './secrets.ts';
import type { ExternalRow } from './source.ts';

export const SOURCE_PROPS = {
  id: { type: 'string' },
  resource_id: { type: 'string' },
  url: { type: 'string', maxLength: 2000 },
  format: { enum: EXTERNAL_FORMATS },
  records_path: { type: ['string', 'null'], maxLength: 200 },
  auth_type: { enum: ['none', 'header', 'basic'] },
  auth_header: { type: ['string', 'null'], maxLength: 100, pattern: '^[A-Za-z0-9-]*$' },
  auth_user: { type: ['string', 'null'], maxLength: 200 },
  secret: { type: ['string', 'null'], maxLength: 4000 },
  every_hours: { type: ['integer', 'null'], minimum: 1, maximum: 8784 },
  timeout_ms: { type: 'integer', minimum: 100, maximum: 600000 },
  max_bytes: { type: 'integer', minimum: 1, maximum: 1073741824 },
} as const;

export const SOURCE_DOC = `:param id: id or name of the dataset (its provision must be "external")
:param resource_id: the resource the data feeds (default: the dataset's first resource)
:param url: http(s) URL of the provider's data
:param format: kz-json ({meta, data}), json (a list at records_path), csv, xlsx or xml
:param records_path: dotted path of the records in a json document (e.g. result.records)
:param auth_type: none, header (a token sent in auth_header, default Authorization) or basic
:param auth_header, auth_user: header name / user name
:param secret: the token or password; stored encrypted, never returned (null removes it)
:param every_hours: hours between pulls (default: from the passport's update frequency)
:param timeout_ms, max_bytes: limits of one fetch (default 30000 ms, 50 MB)`;

/** The dataset, checked: active and provided externally. */
export function externalPackage(pkg: PackageRow | undefined, id: unknown): PackageRow {
  if (!pkg || pkg.state === 'deleted') throw new NotFound(`Package "${String(id)}" was not found.`);
  if (pkg.provision !== 'external')
    throw ValidationError.field(
      'provision',
      'The dataset is not provided externally: set its provision to "external" first',
    );
  return pkg;
}

/** Stored settings overlaid with the input; the secret sealed. Returns the row as it would be saved. */
export async function mergedRow(
  ctx: ActionContext,
  pkg: PackageRow,
  input: Record<string, any>,
  stored: ExternalRow | undefined,
): Promise<ExternalRow> {
  let resourceId: string | undefined = input.resource_id ?? stored?.resource_id;
  const res = ctx.db.selectFrom('resource').select('id').where('package_id', '=', pkg.id).where('state', '=', 'active');
  const found = resourceId
    ? isUuid(resourceId)
      ? await res.where('id', '=', resourceId).executeTakeFirst()
      : undefined
    : await res.orderBy('position').executeTakeFirst();
  if (!found)
    throw ValidationError.field(
      'resource_id',
      resourceId ? 'Not found: Resource of this dataset' : 'The dataset has no resource to feed: create one first',
    );
  resourceId = found.id;
  const url = input.url ?? stored?.url;
  if (!url || !/^https?:\/\/\S+$/i.test(url)) throw ValidationError.field('url', 'an http(s) URL is required');
  const format = input.format ?? stored?.format;
  if (!format) throw ValidationError.field('format', `Missing value: one of ${EXTERNAL_FORMATS.join(', ')}`);
  const authType = input.auth_type ?? stored?.auth_type ?? 'none';
  let secret = stored?.secret ?? null;
  if (input.secret !== undefined)
    secret = input.secret === null || input.secret === '' ? null : seal(ctx.config, input.secret);
  if (authType !== 'none' && !secret) throw ValidationError.field('secret', `auth_type ${authType} needs a secret`);
  const pick = <K extends keyof ExternalRow>(k: K, dflt: ExternalRow[K]): ExternalRow[K] =>
    input[k] !== undefined ? input[k] : stored ? stored[k] : dflt;
  return {
    package_id: pkg.id,
    resource_id: resourceId,
    url,
    format,
    auth_type: authType,
    secret,
    records_path: pick('records_path', null),
    auth_header: pick('auth_header', null),
    auth_user: pick('auth_user', null),
    every_hours: pick('every_hours', null),
    timeout_ms: pick('timeout_ms', 30000),
    max_bytes: String(input.max_bytes ?? stored?.max_bytes ?? 52428800),
    next_run_at: stored?.next_run_at ?? null,
    last_run_at: stored?.last_run_at ?? null,
    last_status: stored?.last_status ?? null,
    last_errors: stored?.last_errors ?? [],
    last_records: stored?.last_records ?? null,
    created: stored?.created ?? '',
    modified: stored?.modified ?? '',
  };
}
