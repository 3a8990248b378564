// Dataset rows written straight to the package table, for what must bypass the actions: seeding a
// benchmark's source catalogue in bulk, or a dataset written around the outbox (a restore). Every
// column is given: a bare CKAN dataset, active and public, with the fields passed on top.
import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import type { PackageTable } from '../../src/db/schema.ts';

export function datasetRow(fields: Partial<Insertable<PackageTable>> & { name: string; metadata_created: string }) {
  return {
    id: crypto.randomUUID(),
    title: fields.name,
    notes: null,
    url: null,
    version: null,
    author: null,
    author_email: null,
    maintainer: null,
    maintainer_email: null,
    license_id: 'cc-by',
    state: 'active',
    private: false,
    type: 'dataset',
    owner_org: null,
    creator_user_id: null,
    metadata_modified: fields.metadata_created,
    extras: '[]',
    passport_code: null,
    title_translated: '{}',
    notes_translated: '{}',
    sphere: null,
    priority: null,
    relevance: null,
    ai_ready: false,
    provision: 'manual',
    external_api: null,
    update_frequency: null,
    update_schedule: null as never,
    passport: '{}',
    last_data_update: null,
    deleted_reason: null,
    deleted_by: null,
    deleted_at: null,
    ...fields,
  } satisfies Insertable<PackageTable>;
}
