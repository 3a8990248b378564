// The package dict as it stands after a write's last change, kept for the rest of that write's
// transaction. A dataset write loaded its dict three times before committing: for its activity, for
// its answer and for its search document (bench/write-sync.ts: about 7 queries each, a third of
// package_update's time). packageActivity() remembers what it loaded; the handler's answer and the
// in-transaction search write (src/search/write-sync.ts) reuse it. Every recorded change forgets it
// (src/outbox.ts recordChange), so a dict is only reused while nothing was written after it.
import type { ActionContext } from '../actions/types.ts';
import { loadPackage, type PackageDict } from './dictize.ts';

const memos = new WeakMap<ActionContext, Map<string, PackageDict>>();

export function rememberDict(ctx: ActionContext, dict: PackageDict): void {
  if (!ctx.inTransaction) return;
  let m = memos.get(ctx);
  if (!m) memos.set(ctx, (m = new Map()));
  m.set(dict.id, dict);
}

export function rememberedDict(ctx: ActionContext, id: string): PackageDict | undefined {
  return memos.get(ctx)?.get(id);
}

export function forgetDicts(ctx: ActionContext): void {
  memos.delete(ctx);
}

/** The dataset's dict after this write: remembered, else loaded. */
export async function currentDict(ctx: ActionContext, id: string): Promise<PackageDict | undefined> {
  return rememberedDict(ctx, id) ?? loadPackage(ctx.db, id, ctx.config);
}
