// GET /news.atom?lang=xx: the latest public news as an Atom 1.0 feed (RFC 4287) in one portal
// language. Built from the same list query as news_list, so drafts and scheduled items never appear.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { CONTENT_TYPE_BY_NAME } from './defs.ts';
import { pick } from './dict.ts';
import { listItems } from './store.ts';

const FEED_SIZE = 50;

const esc = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
/** Stored timestamps are naive UTC; Atom wants RFC 3339 with a zone. */
const rfc3339 = (ts: string) => `${ts.slice(0, 19)}Z`;

export function registerFeedRoutes(app: FastifyInstance, services: Services): void {
  const news = CONTENT_TYPE_BY_NAME.get('news')!;
  const { config } = services;
  app.get<{ Querystring: { lang?: string } }>('/news.atom', async (req, reply) => {
    const lang = req.query.lang || config.defaultLanguage;
    if (!config.languages.includes(lang)) {
      return reply
        .code(400)
        .type('application/json;charset=utf-8')
        .send(
          JSON.stringify({
            success: false,
            error: {
              __type: 'Validation Error',
              lang: [`Unknown language "${lang}"; expected one of ${config.languages.join(', ')}`],
            },
          }),
        );
    }
    const now = services.clock.now().toISOString().slice(0, 23);
    const { rows } = await listItems({ db: services.db }, news, {
      lang,
      fallback: config.defaultLanguage,
      q: null,
      tags: [],
      sort: 'published desc',
      limit: FEED_SIZE,
      offset: 0,
      publicAt: now,
      withBodies: true,
    });
    const self = `${config.siteUrl}/news.atom?lang=${encodeURIComponent(lang)}`;
    const updated = rows.reduce(
      (m, r) => (r.modified > m ? r.modified : m),
      rows[0]?.modified ?? '1970-01-01T00:00:00',
    );
    const entries = rows.map((r) => {
      const link = `${config.siteUrl}/news/${encodeURIComponent(r.name)}`;
      const summary = pick(r.summary_translated, lang, config.languages);
      const body = pick(r.body_html_translated, lang, config.languages);
      return `<entry>
<id>urn:uuid:${r.id}</id>
<title type="text">${esc(pick(r.title_translated, lang, config.languages) ?? r.name)}</title>
<link rel="alternate" type="text/html" href="${esc(link)}"/>
${r.image_url ? `<link rel="enclosure" href="${esc(r.image_url)}"/>\n` : ''}<published>${rfc3339(r.published)}</published>
<updated>${rfc3339(r.modified)}</updated>
${summary ? `<summary type="text">${esc(summary)}</summary>\n` : ''}${body ? `<content type="html">${esc(body)}</content>\n` : ''}${r.tags.map((t) => `<category term="${esc(t)}"/>`).join('')}
</entry>`;
    });
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${esc(lang)}">
<id>${esc(self)}</id>
<title type="text">${esc(config.siteTitle)}</title>
<link rel="self" type="application/atom+xml" href="${esc(self)}"/>
<link rel="alternate" type="text/html" href="${esc(config.siteUrl)}/"/>
<updated>${rfc3339(updated)}</updated>
<author><name>${esc(config.publisherName ?? config.siteTitle)}</name></author>
<generator>Pasport</generator>
${entries.join('\n')}
</feed>
`;
    return reply.type('application/atom+xml;charset=utf-8').header('Cache-Control', 'public, max-age=300').send(xml);
  });
}
