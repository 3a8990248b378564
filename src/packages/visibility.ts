// The one SQL filter for "datasets this caller may see" used by lists, autocomplete and search, built
// from the read rule's definitions in src/auth/permissions.ts (readNeed, CAPACITIES, siteWide), so
// canReadPackage has exactly one SQL twin.
import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { ActionContext, AuthUser } from '../actions/types.ts';
import type { Database } from '../db/schema.ts';
import { CAPACITIES, siteWide } from '../auth/permissions.ts';

export interface VisibilityOptions {
  includePrivate?: boolean;
  includeDrafts?: boolean;
  includeDeleted?: boolean;
}

/** Rows whose owner label is one of the caller's labels for `need`: an organization where the caller
 * holds a capacity that satisfies it, or (unowned) the caller's own datasets. */
function ownedFor(eb: ExpressionBuilder<Database, 'package'>, u: AuthUser, need: keyof typeof CAPACITIES) {
  const orgs = eb
    .selectFrom('member')
    .select('group_id')
    .where('table_name', '=', 'user')
    .where('table_id', '=', u.id)
    .where('state', '=', 'active')
    .where('capacity', 'in', [...CAPACITIES[need]]);
  return eb.or([
    eb('package.owner_org', 'in', orgs),
    eb.and([eb('package.owner_org', 'is', null), eb('package.creator_user_id', '=', u.id)]),
  ]);
}

export function visiblePackages<O>(
  ctx: Pick<ActionContext, 'user'>,
  q: SelectQueryBuilder<Database, 'package', O>,
  opts: VisibilityOptions = {},
) {
  const u = ctx.user;
  // A deactivated dataset is hidden like a private one: only those who may read private datasets
  // see it, and only when they ask for private ones.
  const states = [
    'active',
    ...(opts.includePrivate ? ['deactivated'] : []),
    ...(opts.includeDrafts ? ['draft'] : []),
    ...(opts.includeDeleted ? ['deleted'] : []),
  ];
  return q.where((eb) => {
    // readNeed 'public': active and not private.
    const publicActive = eb.and([eb('package.state', '=', 'active'), eb('package.private', '=', false)]);
    if (!u) return publicActive;
    const priv = opts.includePrivate ? sql<boolean>`true` : eb('package.private', '=', false);
    if (siteWide(u)) return eb.and([eb('package.state', 'in', states), priv]);
    // readNeed 'read' for every other state, 'edit' for drafts.
    const nonDraft = states.filter((st) => st !== 'draft');
    const owned = opts.includeDrafts
      ? eb.or([
          eb.and([eb('package.state', 'in', nonDraft), ownedFor(eb, u, 'read')]),
          eb.and([eb('package.state', '=', 'draft'), ownedFor(eb, u, 'edit')]),
        ])
      : eb.and([eb('package.state', 'in', nonDraft), ownedFor(eb, u, 'read')]);
    return eb.or([publicActive, eb.and([priv, owned])]);
  });
}
