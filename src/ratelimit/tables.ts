// Kysely types of the tables migration 0018 adds.
export interface RateLimitCounterTable {
  key: string;
  /** Epoch ms at which the counter's window began. */
  window_start: string | number;
  count: number;
  /** Epoch ms after which the row is garbage. */
  expires_at: string | number;
}

export interface IdentityTables {
  rate_limit_counter: RateLimitCounterTable;
}
