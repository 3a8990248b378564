// Streams every public, active dataset as package dicts, a batch at a time in id order, so a full
// export of any size runs in bounded memory.
import type { Services } from '../services.ts';
import { loadPackages, type PackageDict } from '../packages/dictize.ts';

const BATCH = 500;

export async function* publicPackages(
  services: Services,
  onBatch?: (done: number) => void,
): AsyncGenerator<PackageDict> {
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const ids = (
      await services.db
        .selectFrom('package')
        .select('id')
        .where('state', '=', 'active')
        .where('private', '=', false)
        .where('type', '=', 'dataset')
        .where('id', '>', after)
        .orderBy('id')
        .limit(BATCH)
        .execute()
    ).map((r) => r.id);
    if (!ids.length) return;
    const dicts = await loadPackages(services.db, ids, services.config);
    for (const id of ids) {
      const d = dicts.get(id);
      if (d) yield d;
    }
    done += ids.length;
    onBatch?.(done);
    after = ids[ids.length - 1];
  }
}

export async function countPublicPackages(services: Services): Promise<number> {
  const r = await services.db
    .selectFrom('package')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'active')
    .where('private', '=', false)
    .where('type', '=', 'dataset')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
