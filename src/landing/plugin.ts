// GET / : a page for people (browsers ask for text/html), CKAN's API root for clients ({"version": 3},
// what CKAN answers at /api/3), chosen by the Accept header.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { landingData } from './data.ts';
import { renderLanding } from './page.ts';
import { pickLanguage } from './strings.ts';

/** text/html ranked at least as high as JSON (a browser's Accept); a bare or JSON Accept gets the API root. */
export function prefersHtml(accept: string | undefined): boolean {
  let html = 0;
  let json = 0;
  for (const part of (accept ?? '').split(',')) {
    const [type, ...ps] = part.trim().toLowerCase().split(';');
    const q =
      Number(
        ps
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      ) || 0;
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, q);
    else if (type === 'application/json' || type === '*/*') json = Math.max(json, type === '*/*' ? q / 2 : q);
  }
  return html > 0 && html >= json;
}

export async function landingPlugin(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  const config = services.config;
  app.get('/', { schema: { hide: true } }, async (req, reply) => {
    reply.header('vary', 'Accept, Accept-Language');
    if (!prefersHtml(req.headers.accept)) return reply.type('application/json;charset=utf-8').send('{"version": 3}');
    const lang = pickLanguage(
      config.languages,
      (req.query as Record<string, unknown>).lang,
      req.headers['accept-language'],
    );
    const data = await landingData(services.db);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-language', lang)
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      )
      .header('cache-control', 'public, max-age=60')
      .send(
        renderLanding({
          lang,
          languages: config.languages,
          siteTitle: config.siteTitle,
          siteDescription: config.siteDescription,
          siteUrl: config.siteUrl,
          data,
        }),
      );
  });
}
