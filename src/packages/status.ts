// A dataset's status beside CKAN's states: an operator may deactivate an active dataset with a reason
// (state "deactivated": hidden from the public on every surface like a private dataset, still visible
// and editable for its organization), its authors report the fix, and an operator activates it again.
// Every change is kept with who, when and why (package_status_change), and notifies the other side.
import type { ActionContext } from '../actions/types.ts';
import { NotFound, ValidationError } from '../errors.ts';
import { findPackageRow } from './dictize.ts';
import { recordChange } from '../outbox.ts';
import { nowIso } from './time.ts';
import { stamp } from '../scheduler/queue.ts';
import type { Selectable } from 'kysely';
import type { PackageTable } from '../db/schema.ts';

type PackageRow = Selectable<PackageTable>;

export type StatusAction = 'deactivate' | 'fix_submitted' | 'activate';

export async function packageForStatus(
  ctx: ActionContext,
  ref: string,
  wantState: string,
  action: StatusAction,
): Promise<PackageRow> {
  const row = await findPackageRow(ctx.db, ref);
  if (!row) throw new NotFound('Package was not found.');
  if (row.state !== wantState) {
    const why =
      action === 'deactivate' ? 'Only an active dataset can be deactivated' : 'The dataset is not deactivated';
    throw new ValidationError({ state: [`${why} (its state is "${row.state}")`] });
  }
  return row;
}

/** Move the dataset to `to` (when it changes) and record the change; returns the recorded change. */
export async function changeStatus(
  ctx: ActionContext,
  row: PackageRow,
  action: StatusAction,
  to: string,
  reason: string | null,
) {
  const created = stamp(ctx.services.clock.now());
  if (to !== row.state) {
    await ctx.db
      .updateTable('package')
      .set({ state: to, metadata_modified: nowIso() })
      .where('id', '=', row.id)
      .execute();
    await recordChange(ctx, 'package', row.id);
  }
  return ctx.db
    .insertInto('package_status_change')
    .values({
      package_id: row.id,
      organization_id: row.owner_org,
      action,
      from_state: row.state,
      to_state: to,
      reason,
      user_id: ctx.user?.id ?? null,
      created,
    })
    .returning(['id', 'package_id', 'action', 'from_state', 'to_state', 'reason', 'user_id', 'created'])
    .executeTakeFirstOrThrow();
}

export function noticeDataset(row: PackageRow) {
  return {
    id: row.id,
    name: row.name,
    passport_code: row.passport_code,
    title: row.title,
    title_translated: row.title_translated as unknown as Record<string, string>,
  };
}

export async function noticeOrganization(ctx: ActionContext, orgId: string | null) {
  if (!orgId) return null;
  const g = await ctx.db
    .selectFrom('group')
    .select(['id', 'name', 'title', 'title_translated'])
    .where('id', '=', orgId)
    .executeTakeFirst();
  return g
    ? {
        id: g.id,
        name: g.name,
        title: g.title,
        title_translated: g.title_translated as unknown as Record<string, string>,
      }
    : null;
}

export function requiredText(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw ValidationError.field(field, 'Missing value');
  return text;
}
