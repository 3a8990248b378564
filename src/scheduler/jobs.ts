// Every job kind and recurring schedule Pasport runs. One list, so `pasport serve` and `pasport worker`
// run the same work.
import type { Config } from '../config.ts';
import type { JobKind, Recurring } from './service.ts';
import { deliveryJob } from '../notifications/deliver.ts';
import { SWEEP_JOB, sweepJob } from '../reminders/sweep.ts';
import { nextDailyAt } from './recurring.ts';

export function jobKinds(): JobKind[] {
  return [deliveryJob, sweepJob];
}

export function recurringJobs(config: Config): Recurring[] {
  return [
    { name: 'deadline-sweep', kind: SWEEP_JOB, next: (after) => nextDailyAt(after, config.updateControl.sweepTime, config.timezone) },
  ];
}
