// Keeps this instance's package_show cache honest when other instances write to the same PostgreSQL:
// it follows the outbox (without a cursor of its own — it only needs what happens while it runs) and
// invalidates what others changed (and tells search to drop its cached counts: 'outbox-seen'). On the
// embedded database only this process writes, so it is off.
import type { PasportModule } from '../modules/types.ts';

const INTERVAL_MS = 1000;

const cacheSync: PasportModule = {
  name: 'cache-sync',
  async start({ services }) {
    if (services.dbKind !== 'postgres') return;
    const db = services.db;
    let last = Number((await db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0);
    let running = false;
    const timer = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        const rows = await db.selectFrom('outbox').select(['id', 'topic', 'entity_id']).where('id', '>', last).orderBy('id').limit(5000).execute();
        for (const r of rows) {
          if (r.topic === 'package') services.packageCache.invalidate(r.entity_id);
          else services.packageCache.clear();
          last = r.id;
        }
        // Search keeps counts and facets per query until a write (src/search/result-cache.ts).
        if (rows.length) services.events.emit('outbox-seen');
      } catch {
        // The database being briefly unreachable is not this loop's problem to report; it retries.
      } finally {
        running = false;
      }
    }, INTERVAL_MS);
    timer.unref();
    return { stop: async () => clearInterval(timer) };
  },
};

export default cacheSync;
