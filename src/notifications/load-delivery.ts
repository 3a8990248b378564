// One delivery with what its message needs (notice, dataset name, webhook secret): read by the
// sender (deliver.ts) and the webhook payload (webhook.ts), apart so neither imports the other.
import type { DB } from '../db/connect.ts';

export async function loadDelivery(db: DB, id: string) {
  return db
    .selectFrom('notification_delivery as d')
    .innerJoin('notification as n', 'n.id', 'd.notification_id')
    .leftJoin('notification_preference as p', 'p.user_id', 'd.user_id')
    .leftJoin('package', 'package.id', 'n.package_id')
    .select([
      'd.id',
      'd.channel',
      'd.target',
      'd.state',
      'n.id as notification_id',
      'n.kind',
      'n.subject',
      'n.body',
      'n.expected',
      'n.due_date',
      'n.language',
      'n.created',
      'n.data',
      'package.name as package_name',
      'p.webhook_secret',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

export type LoadedDelivery = NonNullable<Awaited<ReturnType<typeof loadDelivery>>>;
