// The link checker's job: checks the URLs that are due (never checked, or last checked
// PASPORT_LINK_RECHECK_DAYS ago), keeps each answer in link_check and link_check_history, and rescores
// the datasets whose URLs changed state. Runs daily (PASPORT_LINK_CHECK_TIME; then it also rescores
// every dataset for the new day) and soon after a dataset brings new URLs (the scorer enqueues it). Not transactional: fetching the web must not hold
// a transaction open.
import type { JobKind } from '../scheduler/service.ts';
import type { Services } from '../services.ts';
import { stamp } from '../scheduler/queue.ts';
import { checkLink, pool } from './links.ts';
import { LINK_CHECK_JOB, type QualityScorer } from './scorer.ts';

export interface LinkRunSummary {
  checked: number;
  broken: number;
  changed: number;
  rescored: number;
}

export async function runLinkChecks(services: Services, scorer: QualityScorer, now: Date): Promise<LinkRunSummary> {
  const { db, config } = services;
  const q = config.quality;
  const due = await db
    .selectFrom('link_check')
    .select(['url', 'ok'])
    .where('next_check', '<=', stamp(now))
    .orderBy('next_check')
    .limit(q.linkBatch)
    .execute();
  const results = await pool(due, q.linkConcurrency, (row) =>
    checkLink(row.url, { timeoutMs: q.linkTimeoutMs, allowPrivate: q.linkAllowPrivate }),
  );
  const checked = stamp(now);
  const next = stamp(new Date(now.getTime() + q.linkRecheckDays * 86_400_000));
  const changed: string[] = [];
  for (let i = 0; i < due.length; i++) {
    const r = results[i];
    if (due[i].ok !== r.ok) changed.push(due[i].url);
    await db
      .updateTable('link_check')
      .set({ ok: r.ok, status: r.status, method: r.method, error: r.error, checked, next_check: next })
      .where('url', '=', due[i].url)
      .execute();
  }
  if (due.length) {
    await db
      .insertInto('link_check_history')
      .values(
        due.map((row, i) => ({
          url: row.url,
          ok: results[i].ok,
          status: results[i].status,
          method: results[i].method,
          error: results[i].error,
          ms: results[i].ms,
          checked,
        })),
      )
      .execute();
  }
  let rescored = 0;
  if (changed.length) {
    const [res, ext] = await Promise.all([
      db
        .selectFrom('resource')
        .select('package_id')
        .where('url', 'in', changed)
        .where('state', '=', 'active')
        .execute(),
      db.selectFrom('package').select('id').where('external_api', 'in', changed).execute(),
    ]);
    const ids = [...new Set([...res.map((r) => r.package_id), ...ext.map((r) => r.id)])].sort();
    rescored = (await scorer.rescore(ids)).scored;
  }
  return { checked: due.length, broken: results.filter((r) => !r.ok).length, changed: changed.length, rescored };
}

/**
 * Rescores every dataset, a batch at a time; only changed scores are stored. Timeliness and the on-time
 * share move with the calendar, not with any write, so the daily run catches them up. Measured: about
 * 1 ms a dataset (~90 s for 87,000 passports), nearly all of it without a transaction open.
 */
async function rescoreAll(services: Services, scorer: QualityScorer): Promise<{ scored: number; changed: number }> {
  let after: string | null = null;
  let scored = 0;
  let changed = 0;
  for (;;) {
    let q = services.db
      .selectFrom('package')
      .select('id')
      .where('type', '=', 'dataset')
      .where('state', '!=', 'deleted');
    if (after) q = q.where('id', '>', after);
    const rows = await q.orderBy('id').limit(2000).execute();
    if (!rows.length) return { scored, changed };
    const r = await scorer.rescore(rows.map((x) => x.id));
    scored += r.scored;
    changed += r.changed.length;
    after = rows[rows.length - 1].id;
  }
}

export function linkCheckJob(scorerOf: (s: Services) => QualityScorer | undefined): JobKind {
  return {
    kind: LINK_CHECK_JOB,
    transactional: false,
    async handler({ services, now, job }) {
      const scorer = scorerOf(services);
      if (!scorer) return;
      if (services.config.quality.linkCheck) await runLinkChecks(services, scorer, now);
      // The daily run (not the one soon after new URLs) also rescores the catalogue for the new day.
      if (!(job.payload as { soon?: boolean } | null)?.soon) await rescoreAll(services, scorer);
    },
  };
}
