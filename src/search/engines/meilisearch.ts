// The Meilisearch engine, through the official client. Settings come from meili-settings.ts and are
// applied on start; every write waits for its task so the indexer's cursor only moves past what the
// engine really has. A rebuild fills a second index and swaps it in with swapIndexes.
import { Meilisearch, type Index } from 'meilisearch';
import { ServiceUnavailable } from '../../errors.ts';
import type { SearchDoc } from '../document.ts';
import type { SearchEngine, SearchRequest, SearchResult, SortKey } from '../engine.ts';
import { indexSettings, meiliDoc } from './meili-settings.ts';
import { attribute, meiliFilter, meiliSort, textOf } from './meili-filter.ts';
import { and } from '../query/ast.ts';
import { resolveField } from '../fields.ts';

export interface MeiliOptions {
  host: string;
  apiKey?: string;
  languages: string[];
  /** Index uid; tests use their own. */
  index?: string;
  timeoutMs?: number;
}

export class MeiliEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;
  readonly client: Meilisearch;
  readonly uid: string;
  private prepared = false;
  private readonly timeout: number;

  constructor(private readonly opts: MeiliOptions) {
    this.client = new Meilisearch({ host: opts.host, apiKey: opts.apiKey, timeout: opts.timeoutMs ?? 10000 });
    this.uid = opts.index ?? 'pasport_datasets';
    this.timeout = opts.timeoutMs ?? 30000;
  }

  private get index(): Index {
    return this.client.index(this.uid);
  }

  private async ensureIndex(uid: string): Promise<void> {
    try {
      await this.client.getIndex(uid);
    } catch (err) {
      if ((err as { cause?: { code?: string } }).cause?.code !== 'index_not_found') throw err;
      await this.client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: this.timeout });
    }
    const task = await this.client
      .index(uid)
      .updateSettings(indexSettings(this.opts.languages))
      .waitTask({ timeout: this.timeout });
    if (task.status === 'failed') throw new Error(`meilisearch settings: ${task.error?.message ?? 'failed'}`);
  }

  async prepare(): Promise<void> {
    await this.ensureIndex(this.uid);
    this.prepared = true;
  }

  private async ready(): Promise<void> {
    if (!this.prepared) await this.prepare();
  }

  async upsert(docs: SearchDoc[]): Promise<void> {
    if (!docs.length) return;
    await this.ready();
    await this.write(this.uid, docs);
  }

  private async write(uid: string, docs: SearchDoc[]): Promise<void> {
    const task = await this.client
      .index(uid)
      .addDocuments(
        docs.map((d) => meiliDoc(d, this.opts.languages)),
        { primaryKey: 'id' },
      )
      .waitTask({ timeout: this.timeout });
    if (task.status === 'failed') throw new Error(`meilisearch add: ${task.error?.message ?? 'failed'}`);
  }

  async remove(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.ready();
    const task = await this.index.deleteDocuments(ids).waitTask({ timeout: this.timeout });
    if (task.status === 'failed') throw new Error(`meilisearch delete: ${task.error?.message ?? 'failed'}`);
  }

  supportsKeyset(_sort: SortKey[]): boolean {
    return false;
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    try {
      return await this.searchUnsafe(req);
    } catch (err) {
      if (
        err instanceof Error &&
        /fetch failed|ECONNREFUSED|timed? ?out|abort/i.test(
          `${err.message} ${String((err as { cause?: unknown }).cause ?? '')}`,
        )
      ) {
        throw new ServiceUnavailable('Search Connection Error');
      }
      throw err;
    }
  }

  private async searchUnsafe(req: SearchRequest): Promise<SearchResult> {
    const q = textOf(req.query);
    const filter = meiliFilter(req.query, req.visibility, req.today);
    const facetFields = req.facets?.fields ?? [];
    const plain = facetFields.filter((f) => f.name !== 'overdue');
    const wantOverdue = facetFields.some((f) => f.name === 'overdue');
    const queries: Record<string, unknown>[] = [
      {
        indexUid: this.uid,
        q,
        filter,
        sort: meiliSort(req.sort),
        offset: req.start,
        limit: req.rows,
        attributesToRetrieve: ['id', 'dict'],
      },
      { indexUid: this.uid, q, filter, hitsPerPage: 0, page: 1, facets: plain.map(attribute) },
    ];
    if (wantOverdue) {
      const overdue = resolveField('overdue')!;
      for (const value of ['true', 'false']) {
        queries.push({
          indexUid: this.uid,
          q,
          filter: meiliFilter(and([req.query, { type: 'term', field: overdue, value }]), req.visibility, req.today),
          hitsPerPage: 0,
          page: 1,
        });
      }
    }
    const res = await this.client.multiSearch({ queries: queries as never });
    const [page, counted, ...overdueCounts] = res.results as unknown as {
      hits: { id: string; dict: string }[];
      totalHits?: number;
      facetDistribution?: Record<string, Record<string, number>>;
    }[];
    const facets: SearchResult['facets'] = {};
    if (req.facets) {
      const { limit, mincount } = req.facets;
      for (const f of facetFields) {
        let items: [string, number][];
        if (f.name === 'overdue')
          items = [
            ['true', overdueCounts[0]?.totalHits ?? 0],
            ['false', overdueCounts[1]?.totalHits ?? 0],
          ];
        else items = Object.entries(counted.facetDistribution?.[attribute(f)] ?? {});
        items = items
          .filter(([, n]) => n >= Math.max(mincount, mincount <= 0 ? 0 : 1))
          .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
        facets[f.name] = limit < 0 ? items : items.slice(0, limit);
      }
    }
    return { count: counted.totalHits ?? 0, hits: page.hits.map((h) => ({ id: h.id, dict: h.dict, key: [] })), facets };
  }

  async rebuild(
    fill: (sink: (docs: SearchDoc[]) => Promise<void>) => Promise<void>,
    beforeSwap?: () => Promise<void>,
  ): Promise<void> {
    const build = `${this.uid}_build`;
    await this.client
      .deleteIndex(build)
      .waitTask({ timeout: this.timeout })
      .catch(() => {});
    await this.ensureIndex(build);
    await this.ensureIndex(this.uid);
    await fill((docs) => (docs.length ? this.write(build, docs) : Promise.resolve()));
    if (beforeSwap) await beforeSwap();
    const task = await this.client
      .swapIndexes([{ indexes: [this.uid, build], rename: false }])
      .waitTask({ timeout: this.timeout });
    if (task.status === 'failed') throw new Error(`meilisearch swap: ${task.error?.message ?? 'failed'}`);
    await this.client.deleteIndex(build).waitTask({ timeout: this.timeout });
    this.prepared = true;
  }

  async inventory(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let offset = 0; ; offset += 1000) {
      const r = await this.index.getDocuments({ offset, limit: 1000, fields: ['id', 'metadata_modified'] });
      for (const d of r.results) out.set(d.id as string, d.metadata_modified as string);
      if (r.results.length < 1000) break;
    }
    return out;
  }
}
