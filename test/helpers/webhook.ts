// A loopback HTTP receiver for webhook deliveries: records every request and checks its signature
// with the subscriber's secret, the way a real receiver would.
import http from 'node:http';
import crypto from 'node:crypto';
import { freePort } from './port.ts';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
  status: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Answer the next n requests with HTTP 503. */
  failNext(n: number): void;
  /** The signature check a receiver does: HMAC-SHA256 of `${timestamp}.${body}`. */
  validSignature(r: Received, secret: string): boolean;
  close(): Promise<void>;
}

export async function startReceiver(t: { teardown(fn: () => unknown): void }): Promise<Receiver> {
  const received: Received[] = [];
  let fail = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = fail > 0 ? (fail--, 503) : 204;
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        /* recorded as text */
      }
      received.push({ path: req.url ?? '', headers: req.headers, body, json, status });
      res.statusCode = status;
      res.end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const rx: Receiver = {
    url: `http://127.0.0.1:${port}`,
    received,
    failNext(n) {
      fail = n;
    },
    validSignature(r, secret) {
      const ts = String(r.headers['x-pasport-timestamp'] ?? '');
      const sig = String(r.headers['x-pasport-signature'] ?? '');
      const expected = `sha256=${crypto.createHmac('sha256', secret).update(`${ts}.${r.body}`).digest('hex')}`;
      return sig.length === expected.length && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  t.teardown(() => rx.close());
  return rx;
}
