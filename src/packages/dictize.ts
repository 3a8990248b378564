// Builds package dicts (what package_show returns) from the tables, for one dataset or a batch (search
// results, current_package_list_with_resources): a fixed number of queries whatever the batch size.
import type { DB } from '../db/connect.ts';
import type { Config } from '../config.ts';
import type { Selectable } from 'kysely';
import type { GroupTable, PackageTable, ResourceTable } from '../db/schema.ts';
import { LICENSE_BY_ID, isOpen } from './licenses.ts';
import { byRef } from '../db/ref.ts';
import { planOf, updateStatus, type Schedule } from '../deadlines/calc.ts';
import { localDay, type LocalDay } from '../calendar/days.ts';
import { calendarFor, portalToday } from '../calendar/portal.ts';
import type { WorkCalendar } from '../calendar/calendar.ts';
import { pointsSql, qualitySummary } from '../quality/summary.ts';
import type { Frequency, Priority, Provision, Relevance } from './passport.ts';
import type { OrganizationSummary, PackageDict, PassportKeys, ResourceDict } from './dict-type.ts';

export type { PackageDict } from './dict-type.ts';
type PackageRow = Selectable<PackageTable>;
type GroupRow = Selectable<GroupTable>;
type ResourceRow = Selectable<ResourceTable>;

function orgSummary(g: GroupRow): OrganizationSummary {
  return {
    id: g.id,
    name: g.name,
    title: g.title ?? g.name,
    type: 'organization',
    description: g.description ?? '',
    image_url: g.image_url ?? '',
    created: g.created,
    is_organization: true,
    approval_status: g.approval_status,
    state: g.state,
    code: g.code,
    structure: g.structure_code,
    title_translated: g.title_translated,
  };
}

function resourceUrl(r: ResourceRow, site: string, filename: string | undefined): string {
  if (r.url_type === 'upload' && filename)
    return `${site}/dataset/${r.package_id}/resource/${r.id}/download/${encodeURIComponent(filename)}`;
  if (r.url_type === 'datastore') return `${site}/datastore/dump/${r.id}`;
  if (r.url && !/^[a-z][a-z0-9+.-]*:/i.test(r.url)) return `http://${r.url}`;
  return r.url;
}

export function resourceDict(r: ResourceRow, site: string, filename?: string): ResourceDict {
  return {
    ...r.extras,
    id: r.id,
    package_id: r.package_id,
    url: resourceUrl(r, site, filename),
    name: r.name,
    description: r.description ?? '',
    format: r.format ?? '',
    hash: r.hash ?? '',
    position: r.position,
    size: r.size,
    mimetype: r.mimetype,
    mimetype_inner: r.mimetype_inner,
    resource_type: r.resource_type,
    url_type: r.url_type,
    created: r.created,
    last_modified: r.last_modified,
    metadata_modified: r.metadata_modified,
    cache_url: r.cache_url,
    cache_last_updated: r.cache_last_updated,
    state: r.state,
    datastore_active: r.datastore_active,
  };
}

/** What the derived update-control fields are computed against: today and the working-day calendar. */
interface DeadlineContext {
  today: LocalDay;
  timeZone: string;
  calendar: WorkCalendar;
}

function passportFields(p: PackageRow, dc: DeadlineContext): PassportKeys {
  // Only the latest update is at hand here; it stands in for the earliest when both predate the passport.
  const plan = planOf(
    { ...p, update_schedule: p.update_schedule as Schedule | null, first_data_update: p.last_data_update },
    dc.timeZone,
  );
  const last = p.last_data_update ? localDay(p.last_data_update, dc.timeZone) : null;
  const status = updateStatus(plan, last, dc.today, dc.calendar);
  // The passport keys without a column of their own live in the `passport` JSON column.
  const json = p.passport as Partial<PassportKeys>;
  return {
    passport_code: p.passport_code,
    title_translated: p.title_translated,
    notes_translated: p.notes_translated,
    sphere: p.sphere,
    // Text columns written only with the passport's values (package input checks them).
    priority: p.priority as Priority | null,
    relevance: p.relevance as Relevance | null,
    ai_ready: p.ai_ready,
    provision: p.provision as Provision,
    external_api: p.external_api,
    update_frequency: p.update_frequency as Frequency | null,
    update_schedule: p.update_schedule,
    keywords_translated: json.keywords_translated ?? null,
    responsible: json.responsible ?? null,
    owner: json.owner ?? null,
    spatial_uri: json.spatial_uri ?? null,
    temporal_start: json.temporal_start ?? null,
    temporal_end: json.temporal_end ?? null,
    last_data_update: p.last_data_update,
    next_update_due: status.next_update_due,
    overdue_days: status.overdue_days,
    ...(p.state === 'deleted'
      ? { deleted_reason: p.deleted_reason, deleted_by: p.deleted_by, deleted_at: p.deleted_at }
      : {}),
  };
}

/** Every row the dicts of `ids` are built from: a fixed number of queries whatever the batch size. */
function loadRows(db: DB, ids: string[]) {
  return Promise.all([
    db.selectFrom('package').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('resource')
      .leftJoin('upload', 'upload.resource_id', 'resource.id')
      .selectAll('resource')
      .select('upload.filename')
      .where('resource.package_id', 'in', ids)
      .where('resource.state', '=', 'active')
      .orderBy('resource.position')
      .execute(),
    db
      .selectFrom('package_tag')
      .innerJoin('tag', 'tag.id', 'package_tag.tag_id')
      .select(['package_tag.package_id', 'tag.id', 'tag.name', 'tag.vocabulary_id'])
      .where('package_tag.package_id', 'in', ids)
      .orderBy('tag.name')
      .execute(),
    db
      .selectFrom('member')
      .innerJoin('group', 'group.id', 'member.group_id')
      .select(['member.table_id', 'group.id', 'group.name', 'group.title', 'group.description', 'group.image_url'])
      .where('member.table_name', '=', 'package')
      .where('member.table_id', 'in', ids)
      .where('member.state', '=', 'active')
      .where('group.is_organization', '=', false)
      .where('group.state', '=', 'active')
      .orderBy('group.name')
      .execute(),
    // Active showcases (src/content) built on the dataset: DCAT names them as related resources.
    db
      .selectFrom('showcase_package')
      .innerJoin('showcase', 'showcase.id', 'showcase_package.showcase_id')
      .select([
        'showcase_package.package_id',
        'showcase.id',
        'showcase.name',
        'showcase.title_translated',
        'showcase.url',
      ])
      .where('showcase_package.package_id', 'in', ids)
      .where('showcase.state', '=', 'active')
      .orderBy('showcase.name')
      .execute(),
    // The latest metadata quality score (src/quality): its points per indicator, not the indicators'
    // details (quality_show has those).
    db
      .selectFrom('quality_score')
      .select(['package_id', 'score', 'rating', 'pasport_points', 'computed', pointsSql('quality_score').as('points')])
      .where('package_id', 'in', ids)
      .execute(),
  ]);
}
type Rows = Awaited<ReturnType<typeof loadRows>>;

/** A dataset's own keys; the lists (resources, tags, groups, showcases) start empty and are filled after. */
function packageDict(
  p: PackageRow,
  org: GroupRow | undefined,
  dc: DeadlineContext,
  quality: PackageDict['quality'],
): PackageDict {
  const license = p.license_id ? LICENSE_BY_ID.get(p.license_id) : undefined;
  return {
    id: p.id,
    name: p.name,
    title: p.title ?? p.name,
    notes: p.notes,
    url: p.url,
    version: p.version,
    author: p.author,
    author_email: p.author_email,
    maintainer: p.maintainer,
    maintainer_email: p.maintainer_email,
    license_id: p.license_id,
    license_title: license ? license.title : p.license_id,
    ...(license?.url ? { license_url: license.url } : {}),
    isopen: isOpen(p.license_id),
    state: p.state,
    private: p.private,
    type: p.type,
    owner_org: p.owner_org,
    creator_user_id: p.creator_user_id,
    metadata_created: p.metadata_created,
    metadata_modified: p.metadata_modified,
    organization: org ? orgSummary(org) : null,
    groups: [],
    tags: [],
    extras: [...p.extras].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    resources: [],
    num_resources: 0,
    num_tags: 0,
    relationships_as_subject: [],
    relationships_as_object: [],
    showcases: [],
    ...passportFields(p, dc),
    quality,
  };
}

/** Fills each dict's lists from the rows (already in output order) and counts them. */
function fillLists(out: Map<string, PackageDict>, [, resources, tags, groups, showcases]: Rows, site: string) {
  for (const r of resources) out.get(r.package_id)?.resources.push(resourceDict(r, site, r.filename ?? undefined));
  for (const t of tags)
    out
      .get(t.package_id)
      ?.tags.push({ id: t.id, name: t.name, display_name: t.name, state: 'active', vocabulary_id: t.vocabulary_id });
  for (const g of groups) {
    out.get(g.table_id)?.groups.push({
      id: g.id,
      name: g.name,
      title: g.title ?? g.name,
      display_name: g.title ?? g.name,
      description: g.description ?? '',
      image_display_url: g.image_url ?? '',
    });
  }
  for (const sc of showcases)
    out
      .get(sc.package_id)
      ?.showcases.push({ id: sc.id, name: sc.name, title_translated: sc.title_translated, url: sc.url });
  for (const d of out.values()) {
    d.num_resources = d.resources.length;
    d.num_tags = d.tags.length;
  }
}

export async function loadPackages(db: DB, ids: string[], config: Config): Promise<Map<string, PackageDict>> {
  const out = new Map<string, PackageDict>();
  if (!ids.length) return out;
  const rows = await loadRows(db, ids);
  const [pkgs, , , , , quality] = rows;
  const qualityOf = new Map(quality.map((q) => [q.package_id, qualitySummary(q)]));
  const orgIds = [...new Set(pkgs.map((p) => p.owner_org).filter((x): x is string => !!x))];
  const orgs = orgIds.length ? await db.selectFrom('group').selectAll().where('id', 'in', orgIds).execute() : [];
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const dc: DeadlineContext = {
    today: portalToday(config),
    timeZone: config.timezone,
    calendar: await calendarFor(db, config),
  };
  for (const p of pkgs) {
    const org = p.owner_org ? orgById.get(p.owner_org) : undefined;
    out.set(p.id, packageDict(p, org, dc, qualityOf.get(p.id) ?? null));
  }
  fillLists(out, rows, config.siteUrl);
  return out;
}

export async function loadPackage(db: DB, id: string, config: Config): Promise<PackageDict | undefined> {
  return (await loadPackages(db, [id], config)).get(id);
}

/** Finds a dataset row by id or name (CKAN accepts either wherever an id is asked for). */
export async function findPackageRow(db: DB, idOrName: string): Promise<PackageRow | undefined> {
  return byRef(db, 'package', idOrName);
}
