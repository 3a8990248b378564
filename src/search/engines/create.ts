// Picks the engine from the configuration: Meilisearch when MEILI_URL is set, otherwise the
// postgres engine inside Pasport's own database.
import type { Services } from '../../services.ts';
import type { SearchEngine } from '../engine.ts';
import { PostgresEngine } from './postgres.ts';
import { MeiliEngine } from './meilisearch.ts';

export function createEngine(services: Services): SearchEngine {
  const { meiliUrl, meiliMasterKey, languages } = services.config;
  if (meiliUrl) return new MeiliEngine({ host: meiliUrl, apiKey: meiliMasterKey ?? undefined, languages });
  return new PostgresEngine(services.db, languages, services.config.searchTimeoutMs);
}
