// The package dict as it stands after a write's last change, kept for the rest of that write's
// transaction. A dataset write loaded its dict three times before committing: for its activity, for
// its answer and for its search document (bench/write-sync.ts: about 7 queries each, a third of
// package_update's time). Whoever loads it remembers it (the handler's answer, the in-transaction search
// write of src/search/write-sync.ts); the activities written before the commit (src/activity/record.ts)
// reuse it. Every recorded change forgets it (src/outbox.ts recordChange), so a dict is only reused
// while nothing was written after it.
import type { ActionContext } from '../actions/types.ts';
import { loadPackage, loadPackages, type PackageDict } from './dictize.ts';

const memos = new WeakMap<ActionContext, Map<string, PackageDict>>();

function rememberDict(ctx: ActionContext, dict: PackageDict): void {
  if (!ctx.inTransaction) return;
  let m = memos.get(ctx);
  if (!m) memos.set(ctx, (m = new Map()));
  m.set(dict.id, dict);
}

function rememberedDict(ctx: ActionContext, id: string): PackageDict | undefined {
  return memos.get(ctx)?.get(id);
}

export function forgetDicts(ctx: ActionContext): void {
  memos.delete(ctx);
}

/** The dataset's dict after this write: remembered, else loaded (and remembered). */
export async function currentDict(ctx: ActionContext, id: string): Promise<PackageDict | undefined> {
  const known = rememberedDict(ctx, id);
  if (known) return known;
  const dict = await loadPackage(ctx.db, id, ctx.config);
  if (dict) rememberDict(ctx, dict);
  return dict;
}

/** The dicts of these datasets after this write: those remembered, the rest loaded at once (and
 * remembered). Datasets that no longer exist are left out. */
export async function currentDicts(ctx: ActionContext, ids: string[]): Promise<Map<string, PackageDict>> {
  const out = new Map<string, PackageDict>();
  const rest: string[] = [];
  for (const id of ids) {
    const d = rememberedDict(ctx, id);
    if (d) out.set(id, d);
    else rest.push(id);
  }
  if (rest.length)
    for (const [id, d] of await loadPackages(ctx.db, rest, ctx.config)) {
      rememberDict(ctx, d);
      out.set(id, d);
    }
  return out;
}
