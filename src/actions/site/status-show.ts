import { defineAction } from '../types.ts';
import { anyone } from '../../auth/rules.ts';
import { outboxLags } from '../../outbox.ts';
import type { Services } from '../../services.ts';
import { PASPORT_VERSION } from '../../version.ts';

/** Subsystems that consume the outbox register here so status_show can report their lag. */
export const OUTBOX_CONSUMERS = new Set<string>();
/** What a consumer adds to its lag entry (how its writes keep up: in the transaction, waited for, or eventual). */
export const LAG_DETAILS = new Map<string, (services: Services) => Record<string, unknown>>();

export default defineAction({
  name: 'status_show',
  tag: 'site',
  description: `Return the site's basic facts: title, URL, default language, extensions, version, and
for each index fed from the write outbox (search, SPARQL) how many changes it has still to apply, and
under components the state of the parts that start in the background (the SPARQL store:
{"state": "loading", "loaded": n, "total": m, "ms": t} until it is "ready").

:rtype: dictionary`,
  sideEffectFree: true,
  input: { type: 'object', properties: {} },
  auth: anyone,
  async handler(ctx) {
    const lag: Record<string, unknown> = {};
    for (const [consumer, l] of await outboxLags(ctx.db, OUTBOX_CONSUMERS))
      lag[consumer] = { ...l, ...LAG_DETAILS.get(consumer)?.(ctx.services) };
    // Each extension that starts in the background offers `status()` (e.g. the SPARQL store's load).
    const components: Record<string, unknown> = {};
    for (const [name, ext] of Object.entries(ctx.services.extensions)) {
      const status = (ext as { status?: () => unknown } | undefined)?.status;
      if (typeof status === 'function') components[name] = status();
    }
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
      components,
    };
  },
});
