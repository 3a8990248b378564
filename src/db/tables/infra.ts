// The outbox and the scheduler: the tables side effects flow through (src/outbox.ts, src/scheduler).
// Part of the Database type (src/db/schema.ts), written beside migrations/.
import type { Generated } from 'kysely';
import type { Json } from './columns.ts';

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  entity_id: string;
  op: string;
  created: Generated<string>;
  /** Applied to the search index in the write's own transaction (migrations/0009). */
  search_indexed: Generated<boolean>;
}

export interface OutboxCursorTable {
  consumer: string;
  last_id: number;
  updated: Generated<string>;
  last_error: string | null;
  failures: Generated<number>;
}

/** The scheduler's queue (migration 0012): claimed with FOR UPDATE SKIP LOCKED. */
export interface JobTable {
  id: Generated<number>;
  kind: string;
  payload: Json<Record<string, unknown>>;
  run_at: string;
  state: Generated<string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  dedupe_key: string | null;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created: Generated<string>;
  finished: string | null;
}

export interface JobScheduleTable {
  name: string;
  next_run_at: string;
  last_run_at: string | null;
}
