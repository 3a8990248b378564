import { loadActions } from '../actions/registry.ts';
import { buildOpenApi } from '../api/openapi.ts';

export async function run(): Promise<number> {
  process.stdout.write(JSON.stringify(buildOpenApi(await loadActions()), null, 2) + '\n');
  return 0;
}
