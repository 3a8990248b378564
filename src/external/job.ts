// The scheduled pull of one external source (queued by the dispatcher, src/harvest/dispatch.ts). Not
// transactional: the fetch must not hold a transaction open; the load has its own.
import type { JobKind } from '../scheduler/service.ts';
import { scheduledPull } from './pull.ts';

export const EXTERNAL_PULL_JOB = 'external_pull';

export const externalPullJob: JobKind = {
  kind: EXTERNAL_PULL_JOB,
  transactional: false,
  async handler({ services, job }) {
    await scheduledPull(services, String(job.payload.package_id));
  },
};
