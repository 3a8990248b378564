// Scores datasets in batches and keeps quality_score current. A dataset whose stored quality changed
// gets an outbox entry (topic package), so the search index (quality sort and facet), the SPARQL store
// and the DCAT feeds (DQV) follow through the outbox like any other change; the quality consumer sees
// that entry too, rescores, finds nothing changed and stops.
import type { Services } from '../services.ts';
import { isDeepStrictEqual } from 'node:util';
import type { Insertable } from 'kysely';
import type { DB } from '../db/connect.ts';
import type { ActionRunner } from '../actions/runner.ts';
import { recordChange } from '../outbox.ts';
import type { QualityScoreTable } from './tables.ts';
import { loadPackages, type PackageDict } from '../packages/dictize.ts';
import { mappingContext } from '../dcat/context.ts';
import { datasetQuads } from '../rdf/mapping.ts';
import { makeUris } from '../rdf/uris.ts';
import { calendarFor, portalNow, portalToday } from '../calendar/portal.ts';
import { enqueue, stamp } from '../scheduler/queue.ts';
import { ConformanceCache } from './conformance.ts';
import { loadBatchFacts, pasportFacts } from './facts.ts';
import { scoreDataset, type QualityResult } from './score.ts';
import { indicatorPoints } from './summary.ts';

export const LINK_CHECK_JOB = 'quality.link_check';
const CHUNK = 500;
const STORE_CHUNK = 100;

/** The quads the dataset is published as; a private or draft dataset is mapped as if published. */
export function scoringQuads(pkg: PackageDict, ctx: Parameters<typeof datasetQuads>[1]) {
  // The previous score's DQV is left out: a score never depends on the one before.
  const view = { ...pkg, private: false, state: 'active', quality: null };
  return datasetQuads(view, ctx);
}

export class QualityScorer {
  readonly shacl = new ConformanceCache();
  constructor(
    private readonly services: Services,
    private readonly runner?: ActionRunner,
  ) {}

  /** URLs of our own portal are served by this process: never fetched, counted as reachable. */
  private own(url: string): boolean {
    return url === this.services.config.siteUrl || url.startsWith(this.services.config.siteUrl + '/');
  }

  /** Scores package dicts (not stored). Unchecked URLs are registered for the link checker. */
  async score(dicts: PackageDict[], db: DB = this.services.db): Promise<Map<string, QualityResult>> {
    const { services } = this;
    const out = new Map<string, QualityResult>();
    if (!dicts.length) return out;
    const ctx = await mappingContext(services);
    const uris = makeUris(services.config.siteUrl);
    const mapped = dicts.map((pkg) => ({ pkg, quads: scoringQuads(pkg, ctx) }));
    const urls = new Set<string>();
    for (const { quads } of mapped) {
      for (const q of quads)
        if (
          (q.predicate.value.endsWith('#accessURL') || q.predicate.value.endsWith('#downloadURL')) &&
          !this.own(q.object.value)
        )
          urls.add(q.object.value);
    }
    const checks = urls.size
      ? await db
          .selectFrom('link_check')
          .select(['url', 'ok'])
          .where('url', 'in', [...urls])
          .execute()
      : [];
    const known = new Map(checks.map((c) => [c.url, c.ok]));
    const unchecked = [...urls].filter((u) => !known.has(u));
    if (unchecked.length && services.config.quality.linkCheck) await this.register(db, unchecked);
    const [batch, cal] = await Promise.all([
      loadBatchFacts(
        db,
        dicts.map((d) => d.id),
      ),
      calendarFor(db, services.config),
    ]);
    const today = portalToday(services.config);
    for (const { pkg, quads } of mapped) {
      const conforms = await this.shacl.conforms(quads, services.config.siteUrl);
      out.set(
        pkg.id,
        scoreDataset({
          quads,
          datasetIri: uris.dataset(pkg.id),
          conforms,
          linkOk: (url) => (this.own(url) ? true : (known.get(url) ?? null)),
          pasport: pasportFacts(pkg, batch, services.config, today, cal),
        }),
      );
    }
    return out;
  }

  /** New URLs join the link checker's list, due now, and a check runs soon (one job per minute at most). */
  private async register(db: DB, urls: string[]): Promise<void> {
    const now = portalNow(this.services.config);
    await db
      .insertInto('link_check')
      .values(
        urls.map((url) => ({
          url,
          ok: null,
          status: null,
          method: null,
          error: null,
          checked: null,
          next_check: stamp(now),
        })),
      )
      .onConflict((oc) => oc.column('url').doNothing())
      .execute();
    const slot = new Date(Math.ceil(now.getTime() / 60000) * 60000);
    await enqueue(db, [
      {
        kind: LINK_CHECK_JOB,
        payload: { soon: true },
        runAt: now,
        dedupeKey: `${LINK_CHECK_JOB}@soon-${slot.toISOString()}`,
      },
    ]);
  }

  /**
   * Rescores these datasets and stores what changed; returns the ids whose stored quality changed.
   * An unchanged score is not rewritten: `computed` is when the score last changed, and a rewrite
   * would make package_show differ from the search document indexed with the same score.
   */
  async rescore(ids: string[]): Promise<{ scored: number; changed: string[] }> {
    const { config } = this.services;
    let scored = 0;
    const changed: string[] = [];
    // A pipeline: the next chunk is read, and the last one stored, while this one is scored (scoring is
    // CPU here, reading and storing mostly the database's work). Stores stay one at a time, in order.
    const unique = [...new Set(ids)]; // a dataset in two chunks would be read before its first store
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += CHUNK) chunks.push(unique.slice(i, i + CHUNK));
    let next = chunks.length ? this.read(chunks[0]) : null;
    let storing: Promise<void> = Promise.resolve();
    for (let k = 0; k < chunks.length; k++) {
      const { live, gone, prev } = await next!;
      next = k + 1 < chunks.length ? this.read(chunks[k + 1]) : null;
      next?.catch(() => {}); // awaited (and its error thrown) at the next turn
      const results = await this.score(live);
      const computed = stamp(portalNow(config));
      const rows = live.flatMap((d) => {
        const r = results.get(d.id)!;
        const indicators = JSON.stringify(r.indicators);
        const p = prev.get(d.id);
        const same =
          p &&
          Math.abs(Number(p.score) - r.score) <= 0.001 &&
          p.rating === r.rating &&
          Number(p.pasport_points) === r.pasport_points &&
          p.owner_org === (d.owner_org ?? null) &&
          p.points !== null && // a row of an earlier version gains its points
          // Stored as jsonb, read back with its keys reordered: compared as values, not as text.
          isDeepStrictEqual(p.indicators, JSON.parse(indicators));
        if (same) return [];
        return [
          {
            package_id: d.id,
            owner_org: d.owner_org ?? null,
            score: r.score,
            rating: r.rating,
            pasport_points: r.pasport_points,
            indicators,
            points: JSON.stringify(indicatorPoints(r.indicators)),
            computed,
          },
        ];
      });
      scored += live.length;
      changed.push(...rows.map((r) => r.package_id));
      await storing;
      storing = this.storeChunk(gone, rows);
      storing.catch(() => {}); // awaited (and its error thrown) at the next turn or below
    }
    await storing;
    return { scored, changed };
  }

  /** A chunk's datasets (live ones; the rest are gone) and their stored scores. */
  private async read(chunk: string[]) {
    const { db, config } = this.services;
    const [dicts, before] = await Promise.all([
      loadPackages(db, chunk, config),
      db
        .selectFrom('quality_score')
        .select(['package_id', 'score', 'rating', 'pasport_points', 'indicators', 'owner_org', 'points'])
        .where('package_id', 'in', chunk)
        .execute(),
    ]);
    const live = [...dicts.values()].filter((d) => d.state !== 'deleted' && d.type === 'dataset');
    const liveIds = new Set(live.map((d) => d.id));
    return {
      live,
      gone: chunk.filter((id) => !liveIds.has(id)),
      prev: new Map(before.map((r) => [r.package_id, r])),
    };
  }

  private async storeChunk(gone: string[], rows: Insertable<QualityScoreTable>[]): Promise<void> {
    if (gone.length) await this.services.db.deleteFrom('quality_score').where('package_id', 'in', gone).execute();
    // Stored a hundred at a time: each transaction holds its datasets' rows for ~0.1 s at most.
    for (let j = 0; j < rows.length; j += STORE_CHUNK) await this.store(rows.slice(j, j + STORE_CHUNK));
  }

  /**
   * Stores changed scores and records each dataset as changed, in one transaction. Through the action
   * runner the search documents are rewritten in that transaction (src/search/write-sync.ts), so a
   * search result never carries another score than package_show; without one (a worker process) the
   * outbox entries reach the indexer.
   */
  private async store(rows: Insertable<QualityScoreTable>[]): Promise<void> {
    const upsert = (db: DB, values: Insertable<QualityScoreTable>[]) =>
      db
        .insertInto('quality_score')
        .values(values)
        .onConflict((oc) =>
          oc.column('package_id').doUpdateSet((eb) => ({
            owner_org: eb.ref('excluded.owner_org'),
            score: eb.ref('excluded.score'),
            rating: eb.ref('excluded.rating'),
            pasport_points: eb.ref('excluded.pasport_points'),
            indicators: eb.ref('excluded.indicators'),
            points: eb.ref('excluded.points'),
            computed: eb.ref('excluded.computed'),
          })),
        )
        .execute();
    const ids = rows.map((r) => r.package_id);
    if (this.runner) {
      await this.runner.transaction(null, async (ctx) => {
        // The datasets' rows are locked first, in id order as writers lock them: a write of the same
        // dataset waits for this one (or this one for it) instead of both writing its search document
        // from what each read before the other committed. A dataset deleted since it was scored is left.
        const live = await ctx.db
          .selectFrom('package')
          .select('id')
          .where('id', 'in', ids)
          .where('state', '!=', 'deleted')
          .orderBy('id')
          .forUpdate()
          .execute();
        const keep = new Set(live.map((r) => r.id));
        if (!keep.size) return;
        // Their organizations and groups too, shared: their titles are in the search documents, and an
        // organization rename writes the same documents (a rename committed between this transaction's
        // read and its write would otherwise be overwritten with the old title).
        const locked = [...keep];
        await ctx.db
          .selectFrom('group')
          .select('id')
          .where((eb) =>
            eb.or([
              eb('id', 'in', eb.selectFrom('package').select('owner_org').where('id', 'in', locked)),
              eb(
                'id',
                'in',
                eb
                  .selectFrom('member')
                  .select('group_id')
                  .where('table_name', '=', 'package')
                  .where('table_id', 'in', locked),
              ),
            ]),
          )
          .orderBy('id')
          .forShare()
          .execute();
        await upsert(
          ctx.db,
          rows.filter((r) => keep.has(r.package_id)),
        );
        for (const id of keep) await recordChange(ctx, 'package', id);
      });
      return;
    }
    await this.services.db.transaction().execute(async (trx) => {
      await upsert(trx, rows);
      await trx
        .insertInto('outbox')
        .values(ids.map((id) => ({ topic: 'package', entity_id: id, op: 'upsert', search_indexed: false })))
        .execute();
    });
    const { packageCache, events } = this.services;
    for (const id of ids) packageCache.invalidate(id);
    for (const id of ids) events.emit('outbox', 'package', id);
  }
}
