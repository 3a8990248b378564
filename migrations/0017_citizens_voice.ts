// Citizens' voice, the parts without legal clocks: moderated comments on datasets, the dictionary of
// download purposes (seeded with a few defaults), surveys with every answer kept, and popularity
// counters (views and downloads) aggregated per day.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';

const label = (ru: string, uz: string, uzCyrl: string, en: string, kk: string, ky: string) =>
  JSON.stringify({ ru, uz, 'uz-Cyrl': uzCyrl, en, kk, ky });

const PURPOSES: [string, string][] = [
  [
    'research',
    label('Научные исследования', 'Ilmiy tadqiqot', 'Илмий тадқиқот', 'Research', 'Ғылыми зерттеу', 'Илимий изилдөө'),
  ],
  ['education', label('Образование', "Ta'lim", 'Таълим', 'Education', 'Білім беру', 'Билим берүү')],
  [
    'business',
    label(
      'Бизнес и коммерческое использование',
      'Biznes va tijorat',
      'Бизнес ва тижорат',
      'Business and commercial use',
      'Бизнес және коммерциялық пайдалану',
      'Бизнес жана коммерциялык колдонуу',
    ),
  ],
  ['journalism', label('Журналистика', 'Jurnalistika', 'Журналистика', 'Journalism', 'Журналистика', 'Журналистика')],
  [
    'app',
    label(
      'Разработка приложений',
      'Ilova ishlab chiqish',
      'Илова ишлаб чиқиш',
      'Application development',
      'Қосымша әзірлеу',
      'Тиркеме иштеп чыгуу',
    ),
  ],
  [
    'personal',
    label('Личные цели', 'Shaxsiy maqsadlar', 'Шахсий мақсадлар', 'Personal use', 'Жеке мақсаттар', 'Жеке максаттар'),
  ],
];

const statements = [
  // root_id is the thread's first comment (itself for a root), so a page of threads reads its replies
  // with one index range per root instead of walking parent links.
  sql`CREATE TABLE comment (
    id uuid PRIMARY KEY,
    package_id uuid NOT NULL REFERENCES package(id) ON DELETE CASCADE,
    parent_id uuid REFERENCES comment(id) ON DELETE CASCADE,
    root_id uuid NOT NULL,
    user_id uuid,
    author_name text,
    author_email text,
    body text NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    reason text,
    created timestamp NOT NULL,
    moderated timestamp,
    moderated_by uuid
  )`,
  // The public list pages a dataset's approved threads oldest first: a partial index holds only those
  // rows, so page and count stay index scans with 100,000 comments (bench/comments.ts).
  sql`CREATE INDEX comment_roots ON comment(package_id, created, id) WHERE status = 'approved' AND parent_id IS NULL`,
  sql`CREATE INDEX comment_thread ON comment(root_id, created, id) WHERE status = 'approved'`,
  // The number of published threads per dataset, kept by a trigger: counting them read 42,000 index
  // entries per page of a busy dataset (p50 52 ms against 27 ms for a quiet one, bench/comments.ts).
  sql`CREATE TABLE comment_stats (package_id uuid PRIMARY KEY, threads bigint NOT NULL DEFAULT 0)`,
  sql`CREATE FUNCTION comment_threads_count() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.parent_id IS NULL AND OLD.status = 'approved' THEN
      UPDATE comment_stats SET threads = threads - 1 WHERE package_id = OLD.package_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.parent_id IS NULL AND NEW.status = 'approved' THEN
      INSERT INTO comment_stats (package_id, threads) VALUES (NEW.package_id, 1)
      ON CONFLICT (package_id) DO UPDATE SET threads = comment_stats.threads + 1;
    END IF;
    RETURN NULL;
  END $$`,
  sql`CREATE TRIGGER comment_threads AFTER INSERT OR UPDATE OF status OR DELETE ON comment FOR EACH ROW EXECUTE FUNCTION comment_threads_count()`,
  sql`CREATE INDEX comment_queue ON comment(status, created, id)`,
  sql`CREATE INDEX comment_author ON comment(user_id, package_id) WHERE user_id IS NOT NULL`,
  sql`CREATE TABLE download_purpose (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE,
    label_translated jsonb NOT NULL DEFAULT '{}',
    position integer NOT NULL DEFAULT 0,
    active boolean NOT NULL DEFAULT true,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    modified timestamp NOT NULL DEFAULT (now() at time zone 'utc')
  )`,
  sql`CREATE TABLE survey (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE,
    title_translated jsonb NOT NULL DEFAULT '{}',
    description_translated jsonb NOT NULL DEFAULT '{}',
    questions jsonb NOT NULL DEFAULT '[]',
    active boolean NOT NULL DEFAULT true,
    created timestamp NOT NULL DEFAULT (now() at time zone 'utc'),
    modified timestamp NOT NULL DEFAULT (now() at time zone 'utc')
  )`,
  // Answers carry no user, e-mail or IP: a survey is anonymous.
  sql`CREATE TABLE survey_response (
    id uuid PRIMARY KEY,
    survey_id uuid NOT NULL REFERENCES survey(id) ON DELETE CASCADE,
    language text,
    answers jsonb NOT NULL,
    created timestamp NOT NULL
  )`,
  sql`CREATE INDEX survey_response_survey ON survey_response(survey_id, created)`,
  // Views and downloads, one row per day and counted thing, never one row per hit: a hit adds to its
  // day's row (buffered in memory and flushed as one upsert per row, src/tracking/counter.ts). '' marks
  // "none" (a dataset view has no resource; the catalogue export has no dataset) so the key is plain.
  sql`CREATE TABLE tracking_daily (
    package_id text NOT NULL,
    day date NOT NULL,
    kind text NOT NULL,
    resource_id text NOT NULL DEFAULT '',
    channel text NOT NULL DEFAULT '',
    purpose text NOT NULL DEFAULT '',
    count bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (package_id, day, kind, resource_id, channel, purpose)
  )`,
  sql`CREATE INDEX tracking_daily_day ON tracking_daily(day, kind)`,
  // Per-dataset totals and 14-day sums, kept beside the daily rows so package_show and the
  // views_recent sort read one row per dataset instead of summing days.
  sql`CREATE TABLE package_tracking (
    package_id uuid PRIMARY KEY,
    views_total bigint NOT NULL DEFAULT 0,
    views_recent bigint NOT NULL DEFAULT 0,
    downloads_total bigint NOT NULL DEFAULT 0,
    downloads_recent bigint NOT NULL DEFAULT 0,
    recent_day date
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await s.execute(db);
  let position = 0;
  for (const [name, labels] of PURPOSES) {
    await sql`INSERT INTO download_purpose (id, name, label_translated, position) VALUES (${crypto.randomUUID()}, ${name}, ${labels}::jsonb, ${++position})`.execute(
      db,
    );
  }
}
