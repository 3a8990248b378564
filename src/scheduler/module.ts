// Runs the scheduler inside `pasport serve` (unless PASPORT_SCHEDULER=false, when `pasport worker`
// processes run it instead). Tests reach it as services.extensions.scheduler and call runDue().
import type { PasportModule } from '../modules/types.ts';
import type { Services } from '../services.ts';
import { Scheduler } from './service.ts';
import { jobKinds, recurringJobs } from './jobs.ts';

export async function createScheduler(
  services: Services,
  log?: { warn(o: object, m: string): void },
): Promise<Scheduler> {
  const scheduler = new Scheduler(services, jobKinds(), recurringJobs(services.config), log);
  await scheduler.init();
  services.extensions.scheduler = scheduler;
  return scheduler;
}

const schedulerModule: PasportModule = {
  name: 'scheduler',
  async start({ app, services }) {
    if (!services.config.scheduler.enabled) return;
    const scheduler = await createScheduler(services, app.log);
    scheduler.start(services.config.scheduler.intervalMs);
    return { stop: () => scheduler.stop() };
  },
};

export default schedulerModule;
