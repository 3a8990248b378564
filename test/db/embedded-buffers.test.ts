// The embedded database's buffer cache follows the memory budget (PGlite keeps it in WebAssembly memory,
// which never shrinks): 1/48 of PASPORT_MEMORY_BUDGET within 16-128 MB, or PASPORT_PGLITE_SHARED_BUFFERS_MB.
import t from 'tap';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../helpers/server.ts';

t.test('shared_buffers from the budget, or as set', async (t) => {
  t.equal(loadConfig({} as NodeJS.ProcessEnv).embeddedBuffersMb, 32, 'the default budget (1,536 MB): 32 MB');
  t.equal(loadConfig({ PASPORT_MEMORY_BUDGET: '4096' } as NodeJS.ProcessEnv).embeddedBuffersMb, 85, '4 GB: 85 MB');
  t.equal(loadConfig({ PASPORT_MEMORY_BUDGET: '512' } as NodeJS.ProcessEnv).embeddedBuffersMb, 16, 'never below 16');
  t.equal(loadConfig({ PASPORT_MEMORY_BUDGET: '65536' } as NodeJS.ProcessEnv).embeddedBuffersMb, 128, 'nor above 128');
  t.equal(
    loadConfig({ PASPORT_PGLITE_SHARED_BUFFERS_MB: '20' } as NodeJS.ProcessEnv).embeddedBuffersMb,
    20,
    'set explicitly',
  );
});

t.test('the embedded database runs with it', async (t) => {
  const s = await startServer(t, { embedded: true, env: { PASPORT_PGLITE_SHARED_BUFFERS_MB: '24' } });
  const r = await sql<{ shared_buffers: string }>`SHOW shared_buffers`.execute(s.pasport.services.db);
  t.equal(r.rows[0].shared_buffers, '24MB', 'PGlite started with the configured shared_buffers');
  t.ok(await s.ok('package_list', {}), 'and serves');
});
