// One way to fetch a dataset for reading: through the package_show cache outside transactions,
// straight from the tables inside them (so a rolled-back write never reaches the cache).
import { RawJson, type ActionContext } from '../actions/types.ts';
import type { CachedPackage } from './cache.ts';
import { findPackageRow, loadPackage, type PackageDict } from './dictize.ts';

export async function readPackage(ctx: ActionContext, ref: string): Promise<CachedPackage | undefined> {
  const cache = ctx.services.packageCache;
  if (!ctx.inTransaction && (await cache.isFresh())) {
    const hit = cache.lookup(ref);
    if (hit) return hit;
  }
  const row = await findPackageRow(ctx.db, ref);
  if (!row) return undefined;
  const generation = cache.generation(row.id);
  const dict = await loadPackage(ctx.db, row.id, ctx.config);
  if (!dict) return undefined;
  const entry = toEntry(dict);
  if (!ctx.inTransaction) cache.store(entry, generation);
  return entry;
}

export function toEntry(dict: PackageDict): CachedPackage {
  return {
    id: dict.id,
    name: dict.name,
    state: dict.state,
    private: dict.private,
    owner_org: dict.owner_org,
    creator_user_id: dict.creator_user_id,
    answer: new RawJson(JSON.stringify(dict)),
  };
}

export async function readPackageDict(ctx: ActionContext, ref: string): Promise<PackageDict | undefined> {
  const e = await readPackage(ctx, ref);
  return e ? (JSON.parse(e.answer.json) as PackageDict) : undefined;
}
