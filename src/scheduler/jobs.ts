// Every job kind and recurring schedule Pasport runs. One list, so `pasport serve` and `pasport worker`
// run the same work.
import type { Config } from '../config.ts';
import type { JobKind, Recurring } from './service.ts';
import { deliveryJob } from '../notifications/deliver.ts';
import { SWEEP_JOB, sweepJob } from '../reminders/sweep.ts';
import { nextDailyAt, nextQuarterStart } from './recurring.ts';
import { QUARTERLY_JOB, quarterlyJob } from '../monitoring/job.ts';
import { qualityLinkJob, QUALITY_LINK_JOB } from '../quality/module.ts';
import { CITIZEN_SWEEP_JOB, citizenSweepJob } from '../requests/sweep.ts';
import { citizenMailJob } from '../requests/citizen.ts';
import { harvestJobKinds, harvestRecurring } from '../harvest/dispatch.ts';

export function jobKinds(): JobKind[] {
  return [deliveryJob, sweepJob, quarterlyJob, qualityLinkJob, ...harvestJobKinds, citizenSweepJob, citizenMailJob];
}

export function recurringJobs(config: Config): Recurring[] {
  return [
    {
      name: 'deadline-sweep',
      kind: SWEEP_JOB,
      next: (after) => nextDailyAt(after, config.updateControl.sweepTime, config.timezone),
    },
    {
      name: 'citizen-sweep',
      kind: CITIZEN_SWEEP_JOB,
      next: (after) => nextDailyAt(after, config.citizens.sweepTime, config.timezone),
    },
    // 01:00 on the first day of a quarter: the closed quarter's last deadlines are recorded by then.
    {
      name: 'quarterly-monitoring',
      kind: QUARTERLY_JOB,
      next: (after) => nextQuarterStart(after, '01:00', config.timezone),
    },
    // Daily link checks of the quality score (src/quality/link-job.ts).
    {
      name: 'quality-link-check',
      kind: QUALITY_LINK_JOB,
      next: (after) => nextDailyAt(after, config.quality.linkCheckTime, config.timezone),
    },
    ...harvestRecurring(config),
  ];
}
