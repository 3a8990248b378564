// Sends one queued delivery (a scheduler job per e-mail or webhook): by SMTP through nodemailer, or as
// a signed HTTP POST. A failure is recorded on the delivery and thrown, so the scheduler retries the
// job with backoff; after the job's last attempt the delivery is marked failed. Every attempt updates
// the delivery row: that row is the delivery log (notification_delivery_list).
import nodemailer, { type Transporter } from 'nodemailer';
import type { Services } from '../services.ts';
import type { JobKind } from '../scheduler/service.ts';
import { stamp } from '../scheduler/queue.ts';
import { postWebhook, webhookPayload } from './webhook.ts';
import { loadDelivery as load, type LoadedDelivery } from './load-delivery.ts';

export const DELIVERY_JOB = 'notification.deliver';

const transports = new Map<string, Transporter>();

export function transport(url: string): Transporter {
  let t = transports.get(url);
  if (!t) {
    t = nodemailer.createTransport(url);
    transports.set(url, t);
  }
  return t;
}

function mailText(d: LoadedDelivery, services: Services): string {
  const link = d.package_name ? `\n\n${services.config.siteUrl}/dataset/${d.package_name}` : '';
  return `${d.body}\n\n${d.expected ?? ''}${link}\n\n-- \n${services.config.siteTitle}`;
}

async function send(d: LoadedDelivery, services: Services): Promise<number | null> {
  if (d.channel === 'email') {
    const url = services.config.mail.smtpUrl;
    if (!url) throw new Error('SMTP_URL is not configured');
    await transport(url).sendMail({
      from: services.config.mail.from,
      to: d.target,
      subject: d.subject,
      text: mailText(d, services),
      // The delivery id as Message-ID: a retried send after a lost acknowledgement is recognisably the same mail.
      messageId: `<${d.id}@pasport>`,
      headers: {
        'X-Pasport-Notification': d.notification_id,
        'X-Pasport-Kind': d.kind,
        'Content-Language': d.language,
      },
    });
    return null;
  }
  if (!d.webhook_secret) throw new Error('the webhook has no secret any more');
  return postWebhook(d.target, d.webhook_secret, d.id, d.kind, webhookPayload(d), services.clock.now());
}

export const deliveryJob: JobKind = {
  kind: DELIVERY_JOB,
  transactional: false,
  async handler({ db, services, job }) {
    const id = String(job.payload.delivery_id ?? '');
    const d = await load(db, id);
    if (!d || d.state !== 'pending') return;
    const attemptAt = stamp(services.clock.now());
    try {
      const status = await send(d, services);
      await db
        .updateTable('notification_delivery')
        .set((eb) => ({
          state: 'sent',
          attempts: eb('attempts', '+', 1),
          last_status: status,
          last_error: null,
          last_attempt_at: attemptAt,
          delivered_at: stamp(services.clock.now()),
        }))
        .where('id', '=', id)
        .execute();
    } catch (err) {
      const e = err as Error & { status?: number; responseCode?: number };
      const final = job.attempts >= job.max_attempts;
      await db
        .updateTable('notification_delivery')
        .set((eb) => ({
          state: final ? 'failed' : 'pending',
          attempts: eb('attempts', '+', 1),
          last_status: e.status ?? e.responseCode ?? null,
          last_error: String(e.message).slice(0, 1000),
          last_attempt_at: attemptAt,
        }))
        .where('id', '=', id)
        .execute();
      throw err;
    }
  },
};
