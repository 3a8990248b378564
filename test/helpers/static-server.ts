// A static file server on loopback (node:http), standing in for a provider's system or a foreign
// catalogue: each path answers with the body, type and status set for it; `stall` paths accept the
// request and never answer (a hung source). Every request is logged with its headers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  body?: string | Uint8Array | ((url: URL) => string);
  type?: string;
  status?: number;
  stall?: boolean;
  needs?: Record<string, string>;
}

export async function staticServer(t: { teardown(fn: () => unknown): void }, routes: Record<string, Route>) {
  const log: { path: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
  const stalled: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    log.push({ path: url.pathname, url: url.toString(), headers: req.headers });
    const r = routes[url.pathname];
    if (!r) return void res.writeHead(404).end('not found');
    if (r.stall) return void stalled.push(res);
    for (const [k, v] of Object.entries(r.needs ?? {}))
      if (req.headers[k.toLowerCase()] !== v) return void res.writeHead(401).end('unauthorized');
    const body = typeof r.body === 'function' ? r.body(url) : (r.body ?? '');
    res.writeHead(r.status ?? 200, { 'Content-Type': r.type ?? 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const res of stalled) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url, log, routes };
}
