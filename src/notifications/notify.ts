// Writing notices: one inbox row per recipient, rendered in the recipient's language, in the caller's
// transaction (an action's or a job's), plus one delivery row and one scheduler job per e-mail or
// webhook to send. Nothing is sent here: the scheduler delivers after the transaction commits, so a
// rolled-back action never mails anyone. A dedupe key makes a notice exist at most once per
// recipient (reminders and escalations rely on it across restarts and instances).
import crypto from 'node:crypto';
import type { DB } from '../db/connect.ts';
import type { Services } from '../services.ts';
import type { ActionContext } from '../actions/types.ts';
import type { NoticeKind, TextParams } from './texts.ts';
import { render, titleIn, type Titled } from './render.ts';
import { enqueue, stamp, type NewJob } from '../scheduler/queue.ts';
import { DELIVERY_JOB } from './deliver.ts';

export interface NoticeDataset extends Titled {
  id: string;
  name: string;
  passport_code: string | null;
}

export interface Notice {
  kind: NoticeKind;
  userIds: string[];
  dataset?: NoticeDataset | null;
  /** What the notice is about when it is not a dataset (a citizen's request): its title in each language. */
  subject?: Titled | null;
  organization?: (Titled & { id: string }) | null;
  /** Template values besides the titles (derived per language from dataset and organization). */
  params?: Partial<Omit<TextParams, 'title' | 'organization'>>;
  /** Template values that depend on the recipient's language (a digest's list of titles). */
  paramsFor?: (lang: string) => Partial<TextParams>;
  /** The day by which something is expected (stored as due_date). */
  due?: string | null;
  dedupeKey?: string | null;
  /** Extra machine-readable facts kept with the notice (deadline, reason, ...). */
  data?: Record<string, unknown>;
}

interface Recipient {
  id: string;
  email: string | null;
  language: string | null;
  wantsEmail: boolean;
  webhook: string | null;
  muted: string[];
}

async function recipients(db: DB, ids: string[]): Promise<Map<string, Recipient>> {
  const out = new Map<string, Recipient>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db
      .selectFrom('user')
      .leftJoin('notification_preference as p', 'p.user_id', 'user.id')
      .select(['user.id', 'user.email', 'p.language', 'p.email as wants_email', 'p.webhook_url', 'p.muted'])
      .where('user.id', 'in', ids.slice(i, i + 5000))
      .where('user.state', '=', 'active')
      .execute();
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        email: r.email,
        language: r.language,
        wantsEmail: r.wants_email ?? true,
        webhook: r.webhook_url,
        muted: r.muted ?? [],
      });
    }
  }
  return out;
}

/** Write the notices; returns how many inbox rows were new (a repeated dedupe key adds none). */
export async function notify(
  db: DB,
  services: Services,
  notices: Notice[],
  now: Date = services.clock.now(),
): Promise<number> {
  const { config } = services;
  const users = await recipients(db, [...new Set(notices.flatMap((n) => n.userIds))]);
  const created = stamp(now);
  const rows: {
    id: string;
    user_id: string;
    kind: string;
    package_id: string | null;
    organization_id: string | null;
    language: string;
    subject: string;
    body: string;
    expected: string;
    due_date: string | null;
    data: string;
    dedupe_key: string | null;
    created: string;
    read_at: null;
  }[] = [];
  for (const n of notices) {
    for (const uid of new Set(n.userIds)) {
      const u = users.get(uid);
      if (!u) continue;
      const lang = u.language && config.languages.includes(u.language) ? u.language : config.defaultLanguage;
      const text = render(n.kind, lang, {
        ...n.params,
        ...n.paramsFor?.(lang),
        title: titleIn(n.dataset ?? n.subject, lang, config.defaultLanguage),
        organization: titleIn(n.organization, lang, config.defaultLanguage),
        code: n.params?.code ?? n.dataset?.passport_code ?? n.dataset?.name ?? '',
      });
      const data = {
        ...n.data,
        ...(n.dataset
          ? { dataset: { id: n.dataset.id, name: n.dataset.name, passport_code: n.dataset.passport_code } }
          : {}),
      };
      rows.push({
        id: crypto.randomUUID(),
        user_id: uid,
        kind: n.kind,
        package_id: n.dataset?.id ?? null,
        organization_id: n.organization?.id ?? null,
        language: lang,
        ...text,
        due_date: n.due ?? null,
        data: JSON.stringify(data),
        dedupe_key: n.dedupeKey ?? null,
        created,
        read_at: null,
      });
    }
  }
  let added = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await db
      .insertInto('notification')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
      .returning(['id', 'user_id', 'kind'])
      .execute();
    added += inserted.length;
    await queueDeliveries(
      db,
      services,
      inserted.map((r) => ({ ...r, user: users.get(r.user_id)! })),
      now,
    );
  }
  return added;
}

async function queueDeliveries(
  db: DB,
  services: Services,
  rows: { id: string; kind: string; user_id: string; user: Recipient }[],
  now: Date,
): Promise<void> {
  const deliveries: {
    id: string;
    notification_id: string;
    user_id: string;
    channel: string;
    target: string;
    created: string;
    last_status: null;
    last_error: null;
    last_attempt_at: null;
    delivered_at: null;
  }[] = [];
  const smtp = !!services.config.mail.smtpUrl;
  for (const r of rows) {
    if (r.user.muted.includes(r.kind)) continue;
    const base = {
      notification_id: r.id,
      user_id: r.user_id,
      created: stamp(now),
      last_status: null,
      last_error: null,
      last_attempt_at: null,
      delivered_at: null,
    };
    if (smtp && r.user.wantsEmail && r.user.email)
      deliveries.push({ ...base, id: crypto.randomUUID(), channel: 'email', target: r.user.email });
    if (r.user.webhook)
      deliveries.push({ ...base, id: crypto.randomUUID(), channel: 'webhook', target: r.user.webhook });
  }
  if (!deliveries.length) return;
  await db.insertInto('notification_delivery').values(deliveries).execute();
  const jobs: NewJob[] = deliveries.map((d) => ({
    kind: DELIVERY_JOB,
    payload: { delivery_id: d.id },
    runAt: now,
    dedupeKey: `delivery:${d.id}`,
  }));
  await enqueue(db, jobs);
}

/** notify() from an action: in its transaction, waking the scheduler once it commits. */
export async function notifyInAction(ctx: ActionContext, notices: Notice[]): Promise<number> {
  const n = await notify(ctx.db, ctx.services, notices);
  ctx.afterCommit(() => {
    ctx.services.events.emit('jobs');
  });
  return n;
}
