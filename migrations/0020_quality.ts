// Metadata quality (issue 19): the latest MQA-compatible score of every dataset, and the link checker's
// results with their history. Scores are derived (recomputable from the package and the link checks),
// so the table is a cache the outbox consumer `quality` keeps current.
import { sql, type Kysely } from 'kysely';

const statements = [
  sql`CREATE TABLE quality_score (
    package_id uuid PRIMARY KEY REFERENCES package(id) ON DELETE CASCADE,
    owner_org uuid,
    score numeric(8, 2) NOT NULL,
    rating text NOT NULL,
    pasport_points numeric(8, 2) NOT NULL,
    indicators jsonb NOT NULL,
    computed timestamp NOT NULL
  )`,
  // quality_list ranks organizations and datasets by score.
  sql`CREATE INDEX quality_score_org ON quality_score (owner_org, score DESC)`,
  sql`CREATE INDEX quality_score_rank ON quality_score (score DESC, package_id)`,
  // One row per URL (many resources may share one): the latest answer and when to look again.
  sql`CREATE TABLE link_check (
    url text PRIMARY KEY,
    ok boolean,
    status integer,
    method text,
    error text,
    checked timestamp,
    next_check timestamp NOT NULL
  )`,
  sql`CREATE INDEX link_check_due ON link_check (next_check)`,
  sql`CREATE TABLE link_check_history (
    id bigserial PRIMARY KEY,
    url text NOT NULL,
    ok boolean NOT NULL,
    status integer,
    method text,
    error text,
    ms integer NOT NULL,
    checked timestamp NOT NULL
  )`,
  sql`CREATE INDEX link_check_history_url ON link_check_history (url, checked DESC)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await s.execute(db);
}
