// The one rule deciding which datasets may leave the service as RDF. Every mapping entry point
// calls assertPublishable, so a deleted, draft or private dataset cannot leak through any surface
// (feeds, SPARQL store, dumps) even if a caller forgets to filter.
import type { PackageDict } from './types.ts';

export class NotPublishableError extends Error {
  readonly code = 'not_publishable';
  constructor(
    readonly datasetId: string,
    readonly reason: 'deleted' | 'private' | 'not_active',
  ) {
    super(`dataset ${datasetId} is ${reason.replace('_', ' ')} and must not be published as RDF`);
    this.name = 'NotPublishableError';
  }
}

function refusal(pkg: PackageDict): NotPublishableError['reason'] | null {
  if (pkg.state === 'deleted' || pkg.deleted_at) return 'deleted';
  if (pkg.private !== false) return 'private'; // anything but an explicit false is treated as private
  if (pkg.state !== 'active') return 'not_active';
  return null;
}

/** True when the dataset is active, not deleted and explicitly public. */
export function isPublishable(pkg: PackageDict): boolean {
  return refusal(pkg) === null;
}

export function assertPublishable(pkg: PackageDict): void {
  const r = refusal(pkg);
  if (r) throw new NotPublishableError(pkg.id, r);
}
