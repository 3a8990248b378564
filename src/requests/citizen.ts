// What requests and feedback share about citizens: their e-mail addresses (checked, lower-cased), the
// per-address limit on anonymous writes, and the e-mails to citizens who have no account (requesters,
// voters, feedback senders). A signed-in party gets inbox notices (src/notifications) instead; an
// anonymous one gets a citizen_mail row, sent by a scheduler job after the transaction commits.
import crypto from 'node:crypto';
import type { ActionContext } from '../actions/types.ts';
import type { DB } from '../db/connect.ts';
import type { Services } from '../services.ts';
import type { JobKind } from '../scheduler/service.ts';
import { RateLimited, ValidationError } from '../errors.ts';
import { enqueue, stamp } from '../scheduler/queue.ts';
import { render } from '../notifications/render.ts';
import { titleIn, type Titled } from '../notifications/render.ts';
import { notify, type Notice } from '../notifications/notify.ts';
import type { TextParams } from '../notifications/texts.ts';
import { transport } from '../notifications/deliver.ts';

export const CITIZEN_MAIL_JOB = 'citizens.mail';

/** Too many anonymous writes from one address: CKAN's envelope, HTTP 429. */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export function emailParam(v: unknown, field = 'email'): string {
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (!s) throw ValidationError.field(field, 'Missing value');
  if (s.length > 254 || !EMAIL.test(s)) throw ValidationError.field(field, 'Email address is not valid');
  return s;
}

export function textParam(v: unknown, field: string, max: number): string {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) throw ValidationError.field(field, 'Missing value');
  if (s.length > max) throw ValidationError.field(field, `Must be at most ${max} characters`);
  return s;
}

export function hashEmail(email: string): string {
  return crypto.createHash('sha256').update(`pasport-citizen:${email}`).digest('hex');
}

/**
 * Counts the address's anonymous writes in the window and records this one; past the limit the write
 * is refused (429) before anything is stored. Only a hash of the address is kept here, so erasing a
 * request's personal data leaves nothing readable behind.
 */
export async function limitEmail(ctx: ActionContext, email: string, kind: string): Promise<void> {
  const { emailLimit, emailWindowMinutes } = ctx.config.citizens;
  if (emailLimit <= 0) return;
  const now = ctx.services.clock.now();
  const since = stamp(new Date(now.getTime() - emailWindowMinutes * 60000));
  const h = hashEmail(email);
  const { n } = await ctx.db
    .selectFrom('citizen_write')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('email_hash', '=', h)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  if (Number(n) >= emailLimit) {
    throw new RateLimited(
      `at most ${emailLimit} requests, messages and votes per e-mail address in ${emailWindowMinutes} minutes; try again later`,
    );
  }
  await ctx.db
    .insertInto('citizen_write')
    .values({ email_hash: h, kind, at: stamp(now) })
    .execute();
}

/** The caller's language for texts sent later: the one given, if the portal has it, else the portal's. */
export function languageParam(ctx: ActionContext, lang: unknown): string {
  return typeof lang === 'string' && ctx.config.languages.concat(['kk', 'ky']).includes(lang)
    ? lang
    : ctx.config.defaultLanguage;
}

export interface Party {
  userId: string | null;
  email: string | null;
  language: string;
}

export interface CitizenNotice extends Omit<Notice, 'userIds'> {
  /** Links of the records the mail is about (kept with it, erased with it). */
  requestId?: string | null;
  feedbackId?: string | null;
}

/** Tell each party: signed-in ones through their inbox, anonymous ones by a citizen mail. */
export async function tellParties(db: DB, services: Services, parties: Party[], n: CitizenNotice): Promise<void> {
  const users = [...new Set(parties.map((p) => p.userId).filter((x): x is string => !!x))];
  if (users.length) await notify(db, services, [{ ...n, userIds: users }]);
  const seen = new Set<string>();
  for (const p of parties) {
    if (p.userId || !p.email || seen.has(p.email)) continue;
    seen.add(p.email);
    await mailCitizen(db, services, p.email, p.language, n);
  }
}

export async function mailCitizen(
  db: DB,
  services: Services,
  to: string,
  lang: string,
  n: CitizenNotice,
): Promise<void> {
  const fallback = services.config.defaultLanguage;
  const params: Partial<TextParams> = {
    ...n.params,
    ...n.paramsFor?.(lang),
    title: titleIn(n.dataset ?? n.subject, lang, fallback),
    organization: titleIn(n.organization as Titled | null, lang, fallback),
  };
  const text = render(n.kind, lang, params);
  const now = services.clock.now();
  const id = crypto.randomUUID();
  const row = await db
    .insertInto('citizen_mail')
    .values({
      id,
      to_email: to,
      kind: n.kind,
      language: lang,
      subject: text.subject,
      body: `${text.body}\n\n${text.expected}`,
      request_id: n.requestId ?? null,
      feedback_id: n.feedbackId ?? null,
      state: 'pending',
      attempts: 0,
      last_error: null,
      dedupe_key: n.dedupeKey ? `${n.dedupeKey}:${hashEmail(to)}` : null,
      created: stamp(now),
      sent_at: null,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row)
    await enqueue(db, [
      { kind: CITIZEN_MAIL_JOB, payload: { mail_id: id }, runAt: now, dedupeKey: `citizen-mail:${id}` },
    ]);
}

/** Wake the scheduler once the action commits (its mails and notices are queued jobs). */
export function wakeScheduler(ctx: ActionContext): void {
  ctx.afterCommit(() => {
    ctx.services.events.emit('jobs');
  });
}

export const citizenMailJob: JobKind = {
  kind: CITIZEN_MAIL_JOB,
  transactional: false,
  async handler({ db, services, job }) {
    const id = String(job.payload.mail_id ?? '');
    const m = await db.selectFrom('citizen_mail').selectAll().where('id', '=', id).executeTakeFirst();
    // Erased before it left (to_email cleared), or already sent: nothing to do.
    if (!m || m.state !== 'pending' || !m.to_email) return;
    const url = services.config.mail.smtpUrl;
    if (!url) {
      await db
        .updateTable('citizen_mail')
        .set({ state: 'unsent', last_error: 'SMTP_URL is not configured' })
        .where('id', '=', id)
        .execute();
      return;
    }
    try {
      await transport(url).sendMail({
        from: services.config.mail.from,
        to: m.to_email,
        subject: m.subject,
        text: `${m.body}\n\n-- \n${services.config.siteTitle}`,
        messageId: `<${m.id}@pasport>`,
        headers: { 'X-Pasport-Kind': m.kind, 'Content-Language': m.language },
      });
      await db
        .updateTable('citizen_mail')
        .set((eb) => ({
          state: 'sent',
          attempts: eb('attempts', '+', 1),
          last_error: null,
          sent_at: stamp(services.clock.now()),
        }))
        .where('id', '=', id)
        .execute();
    } catch (err) {
      const final = job.attempts >= job.max_attempts;
      await db
        .updateTable('citizen_mail')
        .set((eb) => ({
          state: final ? 'failed' : 'pending',
          attempts: eb('attempts', '+', 1),
          last_error: String((err as Error).message).slice(0, 1000),
        }))
        .where('id', '=', id)
        .execute();
      throw err;
    }
  },
};
