// The metadata quality subsystem: the scorer, the outbox consumer `quality` that keeps quality_score
// current, and the link checker's job (registered with the scheduler in src/scheduler/jobs.ts).
// Tests reach it as services.extensions.quality.
import type { PasportModule } from '../modules/types.ts';
import type { Services } from '../services.ts';
import { OUTBOX_CONSUMERS } from '../actions/site/status-show.ts';
import { QualityScorer, LINK_CHECK_JOB } from './scorer.ts';
import { QualityConsumer, QUALITY_CONSUMER } from './consumer.ts';
import { linkCheckJob } from './link-job.ts';

export interface QualityService {
  scorer: QualityScorer;
  consumer: QualityConsumer;
  /** Every change so far scored (test helpers call each extension's settle()). */
  settle(timeoutMs?: number): Promise<void>;
}

export const QUALITY_LINK_JOB = LINK_CHECK_JOB;

/** The scorer of this process; a worker without the module gets one of its own. */
export function scorerOf(services: Services): QualityScorer {
  const q = services.extensions.quality as QualityService | undefined;
  if (q) return q.scorer;
  const own = new QualityScorer(services);
  services.extensions.qualityScorer ??= own;
  return services.extensions.qualityScorer as QualityScorer;
}

export const qualityLinkJob = linkCheckJob(scorerOf);

const qualityModule: PasportModule = {
  name: 'quality',
  async start({ services, runner }) {
    const scorer = new QualityScorer(services, runner);
    const consumer = new QualityConsumer(services, scorer);
    const service: QualityService = { scorer, consumer, settle: (ms?: number) => consumer.settle(ms) };
    services.extensions.quality = service;
    OUTBOX_CONSUMERS.add(QUALITY_CONSUMER);
    await consumer.start();
    return { stop: () => consumer.stop() };
  },
};

export default qualityModule;
