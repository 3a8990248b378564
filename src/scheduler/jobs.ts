// Every job kind and recurring schedule Pasport runs. One list, so `pasport serve` and `pasport worker`
// run the same work.
import type { Config } from '../config.ts';
import type { JobKind, Recurring } from './service.ts';
import { deliveryJob } from '../notifications/deliver.ts';

export function jobKinds(): JobKind[] {
  return [deliveryJob];
}

export function recurringJobs(_config: Config): Recurring[] {
  return [];
}
