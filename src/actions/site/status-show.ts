import { defineAction } from '../types.ts';
import { anyone } from '../../auth/rules.ts';
import { outboxLag } from '../../outbox.ts';
import type { Services } from '../../services.ts';

export const PASPORT_VERSION = '0.1.0';

/** Subsystems that consume the outbox register here so status_show can report their lag. */
export const OUTBOX_CONSUMERS = new Set<string>();
/** What a consumer adds to its lag entry (how its writes keep up: in the transaction, waited for, or eventual). */
export const LAG_DETAILS = new Map<string, (services: Services) => Record<string, unknown>>();

export default defineAction({
  name: 'status_show',
  tag: 'site',
  description: `Return the site's basic facts: title, URL, default language, extensions, version, and
for each index fed from the write outbox (search, SPARQL) how many changes it has still to apply.

:rtype: dictionary`,
  sideEffectFree: true,
  input: { type: 'object', properties: {} },
  auth: anyone,
  async handler(ctx) {
    const lag: Record<string, unknown> = {};
    for (const consumer of OUTBOX_CONSUMERS) lag[consumer] = { ...(await outboxLag(ctx.db, consumer)), ...LAG_DETAILS.get(consumer)?.(ctx.services) };
    return {
      site_title: ctx.config.siteTitle,
      site_description: ctx.config.siteDescription,
      site_url: ctx.config.siteUrl,
      error_emails_to: null,
      locale_default: ctx.config.defaultLanguage,
      locales_offered: ctx.config.languages,
      extensions: ['pasport', 'scheming_datasets', 'dcat', 'datastore'],
      ckan_version: '2.11.5',
      pasport_version: PASPORT_VERSION,
      database: ctx.services.dbKind,
      index_lag: lag,
    };
  },
});
