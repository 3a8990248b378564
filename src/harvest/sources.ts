// Harvest sources in ckanext-harvest's shape (harvest_source_show): id, name, title, notes, url,
// source_type, frequency, config (a JSON string, as CKAN keeps it), owner_org, active, status with the
// last job. The API key (config.api_key) is taken out of the config and stored sealed.
import crypto from 'node:crypto';
import type { ActionContext } from '../actions/types.ts';
import type { DB } from '../db/connect.ts';
import { NotFound, ValidationError } from '../errors.ts';
import { byRef, whereRef } from '../db/ref.ts';
import { seal } from '../external/secrets.ts';
import { stamp } from '../scheduler/queue.ts';
import { jobDict } from './jobs.ts';
import type { SourceRow } from './types.ts';

export const FREQUENCIES = ['MANUAL', 'HOURLY', 'DAILY', 'WEEKLY', 'BIWEEKLY', 'MONTHLY'] as const;
const PERIOD_H: Record<string, number> = { HOURLY: 1, DAILY: 24, WEEKLY: 168, BIWEEKLY: 336, MONTHLY: 720 };

export const SOURCE_INPUT = {
  id: { type: 'string' },
  name: { type: 'string', pattern: '^[a-z0-9_-]{2,100}$' },
  title: { type: 'string', maxLength: 500 },
  notes: { type: 'string', maxLength: 5000 },
  url: { type: 'string', maxLength: 2000 },
  source_type: { enum: ['ckan', 'dcat', 'egov', 'dcat_rdf'] },
  frequency: { enum: FREQUENCIES },
  config: { type: ['string', 'object', 'null'] },
  owner_org: { type: 'string' },
  active: { type: 'boolean' },
} as const;

export function nextRun(frequency: string, from: Date): string | null {
  const h = PERIOD_H[frequency];
  return h ? stamp(new Date(from.getTime() + h * 3600000)) : null;
}

export async function findSource(db: DB, ref: unknown): Promise<SourceRow | undefined> {
  if (typeof ref !== 'string' || !ref) return undefined;
  return whereRef(
    db.selectFrom('harvest_source').selectAll().where('state', '=', 'active'),
    'harvest_source',
    ref,
  ).executeTakeFirst();
}

export async function requireSource(db: DB, ref: unknown): Promise<SourceRow> {
  const s = await findSource(db, ref);
  if (!s) throw new NotFound(`Harvest source "${String(ref ?? '')}" was not found.`);
  return s;
}

function parseConfig(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null || raw === '') return {};
  if (typeof raw === 'object') return { ...(raw as Record<string, unknown>) };
  try {
    const v = JSON.parse(String(raw));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    /* reported below */
  }
  throw ValidationError.field('config', 'Error parsing the configuration options: not a JSON object');
}

/** The row to write from the input (over the stored source on update). */
export async function sourceValues(ctx: ActionContext, input: Record<string, any>, stored?: SourceRow) {
  const errors: Record<string, string[]> = {};
  const name = input.name ?? stored?.name;
  const url = input.url ?? stored?.url;
  const type = input.source_type === 'dcat_rdf' ? 'dcat' : (input.source_type ?? stored?.source_type);
  if (!name) errors.name = ['Missing value'];
  if (!url || !/^https?:\/\/\S+$/i.test(url)) errors.url = ['Missing value: an http(s) URL'];
  if (!type) errors.source_type = ['Missing value'];
  const orgRef = input.owner_org ?? stored?.owner_org;
  const org = orgRef ? await byRef(ctx.db, 'group', orgRef) : undefined;
  if (!org || !org.is_organization || org.state !== 'active')
    errors.owner_org = ['Missing value: the organization harvested datasets belong to'];
  if (name) {
    const clash = await ctx.db.selectFrom('harvest_source').select('id').where('name', '=', name).executeTakeFirst();
    if (clash && clash.id !== stored?.id) errors.name = ['That URL is already in use.'];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
  const config = input.config !== undefined ? parseConfig(input.config) : { ...(stored?.config ?? {}) };
  let secret = stored?.secret ?? null;
  if (typeof config.api_key === 'string') {
    secret = config.api_key ? seal(ctx.config, config.api_key) : null;
    delete config.api_key;
  }
  const frequency = input.frequency ?? stored?.frequency ?? 'MANUAL';
  const now = ctx.services.clock.now();
  return {
    name,
    url,
    source_type: type as SourceRow['source_type'],
    title: input.title ?? stored?.title ?? name,
    notes: input.notes ?? stored?.notes ?? null,
    config: JSON.stringify(config),
    secret,
    owner_org: org!.id,
    frequency,
    active: input.active ?? stored?.active ?? true,
    next_run_at: stored && frequency === stored.frequency ? stored.next_run_at : nextRun(frequency, now),
    modified: stamp(now),
  };
}

export async function sourceDict(db: DB, s: SourceRow) {
  const last = await db
    .selectFrom('harvest_job')
    .selectAll()
    .where('source_id', '=', s.id)
    .orderBy('created', 'desc')
    .limit(1)
    .executeTakeFirst();
  const total = await db
    .selectFrom('harvest_object')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('source_id', '=', s.id)
    .where('current', '=', true)
    .executeTakeFirstOrThrow();
  return {
    id: s.id,
    name: s.name,
    title: s.title,
    notes: s.notes,
    url: s.url,
    source_type: s.source_type,
    type: 'harvest',
    frequency: s.frequency,
    config: JSON.stringify(s.config),
    api_key_set: !!s.secret,
    owner_org: s.owner_org,
    active: s.active,
    state: s.state,
    creator_user_id: s.creator_user_id,
    metadata_created: s.created,
    metadata_modified: s.modified,
    next_run: s.next_run_at,
    status: {
      job_count: Number(
        (
          await db
            .selectFrom('harvest_job')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('source_id', '=', s.id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
      total_datasets: Number(total.n),
      last_job: last ? jobDict(last) : null,
    },
  };
}

export const newId = () => crypto.randomUUID();
