// When each demo dataset's data last changed. The Action API records a data update as "now" (a load,
// a resource change), so a catalogue with a past — some datasets overdue, as on a real portal — cannot
// be written through it. The loader sets these dates afterwards, in one transaction with the outbox
// entries that make the search index and the SPARQL store pick them up.
import type { Services } from '../services.ts';

export async function backdate(services: Services, updates: { id: string; date: string }[]): Promise<void> {
  if (!updates.length) return;
  await services.db.transaction().execute(async (tx) => {
    for (const u of updates) {
      await tx
        .updateTable('package')
        .set({ last_data_update: `${u.date}T09:00:00` })
        .where('id', '=', u.id)
        .execute();
      await tx.insertInto('outbox').values({ topic: 'package', entity_id: u.id, op: 'upsert' }).execute();
    }
  });
  for (const u of updates) services.packageCache.invalidate(u.id);
  services.events.emit('outbox', 'package', updates[0].id);
}
