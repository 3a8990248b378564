// Popularity counting: the counter (src/tracking/counter.ts) and CKAN's tracking endpoint, which the
// portal's front end calls for each page or resource view: POST /_tracking with `url` and `type`
// (page | resource), as a form or JSON. The answer is always 204 and says nothing about the dataset.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PasportModule } from '../modules/types.ts';
import { TrackingCounter } from './counter.ts';
import { trackView, visitorOf } from './hits.ts';

function fields(req: FastifyRequest): Record<string, unknown> {
  const b = req.body;
  if (typeof b === 'string') return Object.fromEntries(new URLSearchParams(b));
  return b && typeof b === 'object' ? (b as Record<string, unknown>) : {};
}

const trackingModule: PasportModule = {
  name: 'tracking',
  async start({ app, services }) {
    if (!services.config.tracking.enabled) return;
    const counter = new TrackingCounter(services, app.log);
    services.extensions.tracking = counter;
    counter.start();
    await app.register(async (sub: FastifyInstance) => {
      if (!sub.hasContentTypeParser('application/x-www-form-urlencoded')) {
        sub.addContentTypeParser(
          'application/x-www-form-urlencoded',
          { parseAs: 'string', bodyLimit: 16_384 },
          (_req, body, done) => done(null, body),
        );
      }
      sub.post('/_tracking', { bodyLimit: 16_384 }, async (req, reply) => {
        const f = fields(req);
        const url = typeof f.url === 'string' ? f.url.slice(0, 2000) : '';
        const type = f.type === 'resource' ? 'resource' : 'page';
        if (url) {
          try {
            await trackView(services, await req.caller(), url, type, visitorOf(req));
          } catch (err) {
            req.log.warn({ err: (err as Error).message }, 'tracking: view not counted');
          }
        }
        return reply.code(204).send();
      });
    });
    return { stop: () => counter.stop() };
  },
};

export default trackingModule;
