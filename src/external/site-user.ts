// Scheduled pulls and harvests write as the site user (CKAN's site_user): a sysadmin account named by
// PASPORT_HARVEST_USER, created on first use, so the operator workflow's rules never stop the service's
// own work. Writes still go through the action layer (one runner per process), so search, the outbox,
// activities and DCAT stay consistent.
import type { Services } from '../services.ts';
import type { AuthUser } from '../actions/types.ts';
import { ensureUser } from '../auth/users.ts';
import type { ActionRunner } from '../actions/runner.ts';

export async function siteUser(services: Services): Promise<AuthUser> {
  const u = await ensureUser(services.db, services.config.harvest.siteUser, { sysadmin: true });
  return { id: u.id, name: u.name, sysadmin: true, operator: !!u.operator };
}

/** The process's action runner, registered by whatever started it (src/actions/registry.ts registerRunner). */
export async function runnerFor(services: Services): Promise<ActionRunner> {
  const runner = services.extensions.actionRunner as ActionRunner | undefined;
  if (!runner) throw new Error('no action runner registered in this process (registerRunner)');
  return runner;
}
