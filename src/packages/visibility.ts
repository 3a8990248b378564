// The one SQL filter for "datasets this caller may see" used by lists, autocomplete and search, so the
// rule in src/auth/permissions.ts (canReadPackage) has exactly one SQL twin.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { ActionContext } from '../actions/types.ts';
import type { Database } from '../db/schema.ts';

export interface VisibilityOptions {
  includePrivate?: boolean;
  includeDrafts?: boolean;
  includeDeleted?: boolean;
}

export function visiblePackages<O>(ctx: Pick<ActionContext, 'user'>, q: SelectQueryBuilder<Database, 'package', O>, opts: VisibilityOptions = {}) {
  const u = ctx.user;
  const privileged = !!u && (u.sysadmin || u.operator);
  // A deactivated dataset is hidden like a private one: only those who may read private datasets
  // see it, and only when they ask for private ones.
  const states = ['active', ...(opts.includePrivate ? ['deactivated'] : []), ...(opts.includeDrafts ? ['draft'] : []), ...(opts.includeDeleted ? ['deleted'] : [])];
  return q.where((eb) => {
    const publicActive = eb.and([eb('package.state', '=', 'active'), eb('package.private', '=', false)]);
    if (!u) return publicActive;
    if (privileged) {
      return opts.includePrivate
        ? eb('package.state', 'in', states)
        : eb.and([eb('package.state', 'in', states), eb('package.private', '=', false)]);
    }
    const memberOrgs = eb.selectFrom('member').select('group_id')
      .where('table_name', '=', 'user').where('table_id', '=', u.id).where('state', '=', 'active');
    const ownedOrMine = eb.or([
      eb('package.owner_org', 'in', memberOrgs),
      eb.and([eb('package.owner_org', 'is', null), eb('package.creator_user_id', '=', u.id)]),
    ]);
    const extra = eb.and([
      eb('package.state', 'in', states),
      opts.includePrivate ? sql<boolean>`true` : eb('package.private', '=', false),
      ownedOrMine,
    ]);
    return eb.or([publicActive, extra]);
  });
}
