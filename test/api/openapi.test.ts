// The OpenAPI document and help_show are derived from the same action definitions as the router.
import fs from 'node:fs';
import t from 'tap';
import { loadActions } from '../../src/actions/registry.ts';
import { buildOpenApi } from '../../src/api/openapi.ts';
import { startServer } from '../helpers/server.ts';

t.test('openapi/openapi.json is up to date (regenerate with `npm run openapi`)', async (t) => {
  const checkedIn = JSON.parse(fs.readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8'));
  t.same(checkedIn, JSON.parse(JSON.stringify(buildOpenApi(await loadActions()))));
});

t.test('served document, Swagger UI and help_show agree with the definitions', async (t) => {
  const s = await startServer(t);
  const actions = await loadActions();
  const doc = await (await fetch(`${s.url}/openapi.json`)).json();
  t.same(Object.keys(doc.paths).sort(), [...actions.keys()].map((n) => `/api/3/action/${n}`).sort());
  const ui = await fetch(`${s.url}/docs/`);
  t.equal(ui.status, 200);
  t.match(await ui.text(), /swagger/i);
  for (const def of actions.values()) {
    t.equal(await s.ok('help_show', { name: def.name }), def.description, `help_show ${def.name}`);
    t.equal(
      'get' in doc.paths[`/api/3/action/${def.name}`],
      def.sideEffectFree,
      `${def.name}: GET only when side-effect-free`,
    );
  }
});
