import t from 'tap';
import { startServer } from '../helpers/server.ts';

for (const embedded of [false, true]) {
  t.test(`status_show on ${embedded ? 'embedded PGlite' : 'PostgreSQL'}`, async (t) => {
    const s = await startServer(t, { embedded });
    const r = await s.call('status_show', {}, { get: true });
    t.equal(r.status, 200);
    t.equal(r.body.success, true);
    t.equal(r.body.result.database, embedded ? 'pglite' : 'postgres');
    t.match(r.body.help, /\/api\/3\/action\/help_show\?name=status_show$/);
  });
}
