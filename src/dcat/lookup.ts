// Finds what a linked-data IRI names and says why not when it cannot be shown: 404 for what never
// existed, 410 for what was deleted, 403 for what is private or a draft. Messages echo the reference
// the client sent, never an id it did not (a private dataset asked by name must not reveal its UUID).
import type { ModuleContext } from '../modules/types.ts';
import { isUuid, whereRef } from '../db/ref.ts';
import { findPackageRow } from '../packages/dictize.ts';
import { isPublishable } from '../rdf/mapping.ts';
import type { PackageDict } from '../rdf/types.ts';
import { PasportError } from '../errors.ts';

export class Unavailable extends PasportError {
  constructor(
    readonly status: 404 | 410 | 403,
    message: string,
  ) {
    super(message);
  }
}

const quote = (ref: string) => JSON.stringify(ref.slice(0, 200));

/** The public package dict of a dataset (by id or name), as an anonymous reader sees it. */
export async function publicDataset({ services, runner }: ModuleContext, ref: string): Promise<PackageDict> {
  const row = await findPackageRow(services.db, ref);
  if (!row || row.type !== 'dataset') throw new Unavailable(404, `Not found: dataset ${quote(ref)}`);
  if (row.state === 'deleted') throw new Unavailable(410, `Gone: dataset ${quote(ref)} was deleted`);
  if (row.private || row.state !== 'active') throw new Unavailable(403, `Access denied: dataset ${quote(ref)}`);
  const pkg = await runner.result<PackageDict>('package_show', { id: row.id }, { user: null });
  if (!isPublishable(pkg)) throw new Unavailable(403, `Access denied: dataset ${quote(ref)}`);
  return pkg;
}

/** A resource of a public dataset; a deleted one is 410. */
export async function publicResource(m: ModuleContext, pkg: PackageDict, rid: string) {
  const res = (pkg.resources ?? []).find((r) => r.id === rid && r.state !== 'deleted');
  if (res) return res;
  const row = isUuid(rid)
    ? await m.services.db
        .selectFrom('resource')
        .select(['state'])
        .where('id', '=', rid)
        .where('package_id', '=', pkg.id)
        .executeTakeFirst()
    : undefined;
  if (row) throw new Unavailable(410, `Gone: resource ${quote(rid)} was deleted`);
  throw new Unavailable(404, `Not found: resource ${quote(rid)}`);
}

/** An organization or sphere (CKAN group) by id or name that is not in the active dictionaries. */
export async function missingGroup(
  m: ModuleContext,
  ref: string,
  kind: 'organization' | 'sphere',
): Promise<Unavailable> {
  const row = await whereRef(
    m.services.db
      .selectFrom('group')
      .select(['state'])
      .where('is_organization', '=', kind === 'organization'),
    'group',
    ref,
  ).executeTakeFirst();
  return row
    ? new Unavailable(410, `Gone: ${kind} ${quote(ref)} was deleted`)
    : new Unavailable(404, `Not found: ${kind} ${quote(ref)}`);
}
