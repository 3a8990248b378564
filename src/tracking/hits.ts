// What a hit is about: the dataset or resource a tracked URL names, and the download counter every
// download path calls (resource files, DataStore dumps, the catalogue export) once access is granted.
import type { FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import type { AuthUser } from '../actions/types.ts';
import { canReadPackage } from '../auth/permissions.ts';
import { byRef, isUuid } from '../db/ref.ts';
import { counterOf } from './counter.ts';

/** The dataset (and resource) a portal URL shows: /dataset/{name or id}[/resource/{id}[/...]], with or
 * without a language prefix, absolute or not. Null for any other URL. */
export function parseTrackedUrl(raw: string): { dataset: string; resource: string | null } | null {
  let path: string;
  try {
    path = new URL(raw, 'http://x').pathname;
  } catch {
    return null;
  }
  const parts = path
    .split('/')
    .filter(Boolean)
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  const i = parts.indexOf('dataset');
  if (i < 0 || !parts[i + 1]) return null;
  const r = parts[i + 2] === 'resource' && isUuid(parts[i + 3]) ? parts[i + 3] : null;
  return { dataset: parts[i + 1], resource: r };
}

/** Count a view the front end reports, when the caller may read the dataset (private stays private:
 * nobody can push a private dataset's counts). Returns whether it counted. */
export async function trackView(
  services: Services,
  user: AuthUser | null,
  url: string,
  type: 'page' | 'resource',
  visitor: string,
): Promise<boolean> {
  const counter = counterOf(services);
  const target = parseTrackedUrl(url);
  if (!counter || !target) return false;
  if (type === 'resource' && !target.resource) return false;
  // The page the front end reports was just built with package_show, so the package cache usually
  // knows the dataset: a counted view then costs no query at all.
  const pkg = services.packageCache.lookup(target.dataset) ?? (await byRef(services.db, 'package', target.dataset));
  if (!pkg || !(await canReadPackage({ db: services.db, user }, pkg))) return false;
  if (type === 'resource') {
    const res = await services.db
      .selectFrom('resource')
      .select('id')
      .where('id', '=', target.resource!)
      .where('package_id', '=', pkg.id)
      .where('state', '=', 'active')
      .executeTakeFirst();
    if (!res) return false;
    return counter.record({ kind: 'view', packageId: pkg.id, resourceId: res.id }, visitor);
  }
  return counter.record({ kind: 'view', packageId: pkg.id }, visitor);
}

/** Count a download that is about to be served (access already checked). */
export async function countDownload(
  services: Services,
  d: { packageId: string; resourceId?: string; channel: string; purpose: string },
): Promise<void> {
  await counterOf(services)?.record({
    kind: 'download',
    packageId: d.packageId,
    resourceId: d.resourceId ?? '',
    channel: d.channel,
    purpose: d.purpose,
  });
}

/** The visitor key of a request (address and user agent); it only feeds an in-memory hash. */
export function visitorOf(req: FastifyRequest): string {
  return `${req.ip}\0${String(req.headers['user-agent'] ?? '')}`;
}
