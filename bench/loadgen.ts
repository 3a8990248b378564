// A closed-loop load generator for URLs that must differ per request (autocannon's CLI repeats one):
// C keep-alive connections, each sending the next URL of the list as soon as its previous answer is
// read, for D seconds. A line may also be a JSON request to POST ({url, body, headers}); with `once`,
// each line is sent once and the run ends when all are answered. Prints {rps, p50, p95, p99, non2xx,
// errors, requests} as JSON. Run it as its own process so the servers under test keep their event loop:
//   node --import tsx bench/loadgen.ts <connections> <seconds> <file with one URL a line> [once]
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [connections, seconds, file] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
/** `once` as the fifth argument: each line is sent once, and the run ends when all are answered. */
const once = process.argv[5] === 'once';
const urls = readFileSync(file, 'utf8').split('\n').filter(Boolean);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const lat: number[] = [];
let non2xx = 0;
let errors = 0;
let next = 0;
const end = performance.now() + seconds * 1000;

/** A line is a URL to GET, or a JSON object {url, body, headers} to POST (each line sent once per turn). */
interface Spec {
  url: string;
  body?: string;
  headers?: Record<string, string>;
}
const specs: Spec[] = urls.map((line) => (line.startsWith('{') ? (JSON.parse(line) as Spec) : { url: line }));

function send(spec: Spec): Promise<number> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    };
    if (spec.body === undefined) {
      http.get(spec.url, { agent }, onResponse).on('error', reject);
      return;
    }
    const req = http.request(
      spec.url,
      {
        agent,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...spec.headers,
          'content-length': Buffer.byteLength(spec.body),
        },
      },
      onResponse,
    );
    req.on('error', reject);
    req.end(spec.body);
  });
}

async function loop() {
  while (performance.now() < end && !(once && next >= specs.length)) {
    const spec = specs[next++ % specs.length];
    const t = performance.now();
    try {
      const status = await send(spec);
      if (status < 200 || status >= 300) non2xx++;
    } catch {
      errors++;
    }
    lat.push(performance.now() - t);
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: connections }, loop));
const wall = (performance.now() - t0) / 1000;
lat.sort((a, b) => a - b);
const pct = (p: number) => Math.round(100 * lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]) / 100;
console.log(
  JSON.stringify({
    rps: lat.length / wall,
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    non2xx,
    errors,
    requests: lat.length,
    distinct: Math.min(next, urls.length),
  }),
);
agent.destroy();
