// The long-lived pieces an action may use besides the database. Built once by src/app.ts.
import { EventEmitter } from 'node:events';
import type { DB } from './db/connect.ts';
import type { Config } from './config.ts';
import { PackageCache } from './packages/cache.ts';
import { TokenCache } from './auth/token-cache.ts';
import { systemClock, type Clock } from './clock.ts';
import { portalToday, registerClock } from './calendar/portal.ts';

export interface Services {
  db: DB;
  dbKind: 'postgres' | 'pglite';
  config: Config;
  packageCache: PackageCache;
  tokenCache: TokenCache;
  /** Emits 'outbox' after a commit that wrote outbox entries, so consumers wake up at once. */
  events: EventEmitter;
  /** The time source for deadlines, schedules and notices (a ManualClock in tests). */
  clock: Clock;
  /** Optional subsystems register themselves here (search, sparql, ...). */
  extensions: Record<string, unknown>;
}

export function createServices(
  db: DB,
  dbKind: 'postgres' | 'pglite',
  config: Config,
  clock: Clock = systemClock,
): Services {
  registerClock(config, clock);
  return {
    db,
    dbKind,
    config,
    packageCache: new PackageCache(() => portalToday(config)),
    tokenCache: new TokenCache(),
    events: new EventEmitter(),
    clock,
    extensions: {},
  };
}
