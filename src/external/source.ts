// The external source of a passport (provision "external"): where its data is pulled from, in which
// format, with which credentials, how often, and which resource it feeds. The secret (a header token or
// a password) is stored sealed (secrets.ts) and never leaves: dicts only say whether one is set.
import type { DB } from '../db/connect.ts';
import type { Config } from '../config.ts';
import type { ExternalSourceTable } from '../harvest/tables.ts';
import type { Selectable } from 'kysely';
import { unseal } from './secrets.ts';
import type { Frequency } from '../packages/passport.ts';

export type ExternalRow = Selectable<ExternalSourceTable>;

/** Hours between pulls when the source names none: often enough for the passport's update frequency. */
const FREQUENCY_HOURS: Record<string, number> = {
  daily: 6,
  monthly: 24,
  quarterly: 24,
  annual: 168,
  irregular: 24,
} satisfies Record<Frequency, number>;

export function intervalHours(row: Pick<ExternalRow, 'every_hours'>, updateFrequency: string | null): number {
  return row.every_hours ?? FREQUENCY_HOURS[updateFrequency ?? ''] ?? 24;
}

export function externalDict(row: ExternalRow, updateFrequency: string | null) {
  return {
    package_id: row.package_id,
    resource_id: row.resource_id,
    url: row.url,
    format: row.format,
    records_path: row.records_path,
    auth_type: row.auth_type,
    auth_header: row.auth_header,
    auth_user: row.auth_user,
    secret_set: !!row.secret,
    every_hours: row.every_hours,
    schedule_hours: intervalHours(row, updateFrequency),
    timeout_ms: row.timeout_ms,
    max_bytes: Number(row.max_bytes),
    next_run_at: row.next_run_at,
    last_run_at: row.last_run_at,
    last_status: row.last_status,
    last_errors: row.last_errors,
    last_records: row.last_records,
  };
}

export function findExternal(db: DB, packageId: string): Promise<ExternalRow | undefined> {
  return db.selectFrom('external_source').selectAll().where('package_id', '=', packageId).executeTakeFirst();
}

/** Request headers carrying the source's credentials. */
export function authHeaders(
  config: Config,
  row: Pick<ExternalRow, 'auth_type' | 'auth_header' | 'auth_user' | 'secret'>,
): Record<string, string> {
  if (row.auth_type === 'none' || !row.secret) return {};
  const secret = unseal(config, row.secret);
  if (row.auth_type === 'basic')
    return { Authorization: `Basic ${Buffer.from(`${row.auth_user ?? ''}:${secret}`).toString('base64')}` };
  return { [row.auth_header || 'Authorization']: secret };
}
