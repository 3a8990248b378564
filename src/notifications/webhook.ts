// Webhook deliveries: a JSON POST signed with HMAC-SHA256 under the subscriber's secret.
//   X-Pasport-Event: the notice kind          X-Pasport-Delivery: the delivery id (stable across retries)
//   X-Pasport-Timestamp: unix seconds         X-Pasport-Signature: sha256=<hex HMAC(secret, `${timestamp}.${body}`)>
// Signing the timestamp with the body lets a receiver refuse replays of old deliveries.
import crypto from 'node:crypto';
import type { LoadedDelivery } from './load-delivery.ts';

export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver may verify: constant-time comparison of the expected signature. */
export function verify(secret: string, timestamp: string | number, body: string, signature: string): boolean {
  const expected = Buffer.from(sign(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export function webhookPayload(d: LoadedDelivery): Record<string, unknown> {
  return {
    delivery: d.id,
    event: d.kind,
    notification: {
      id: d.notification_id,
      kind: d.kind,
      created: d.created,
      language: d.language,
      subject: d.subject,
      body: d.body,
      expected: d.expected,
      due_date: d.due_date,
      data: d.data,
    },
  };
}

export class WebhookError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** POST the payload; resolves with the HTTP status of a 2xx answer, rejects otherwise. */
export async function postWebhook(
  url: string,
  secret: string,
  deliveryId: string,
  event: string,
  payload: unknown,
  now: Date,
): Promise<number> {
  const body = JSON.stringify(payload);
  const ts = Math.floor(now.getTime() / 1000);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(10000),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Pasport-Webhook/1',
        'X-Pasport-Event': event,
        'X-Pasport-Delivery': deliveryId,
        'X-Pasport-Timestamp': String(ts),
        'X-Pasport-Signature': sign(secret, ts, body),
      },
    });
  } catch (err) {
    throw new WebhookError(`webhook unreachable: ${(err as Error).message}`, undefined);
  }
  await res.arrayBuffer().catch(() => undefined); // drain, so the connection is reused
  if (res.status < 200 || res.status >= 300) throw new WebhookError(`webhook answered HTTP ${res.status}`, res.status);
  return res.status;
}
