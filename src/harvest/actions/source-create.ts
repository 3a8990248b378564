import { defineAction } from '../../actions/types.ts';
import { operator } from '../../auth/rules.ts';
import { stamp } from '../../scheduler/queue.ts';
import { newId, sourceDict, sourceValues, SOURCE_INPUT } from '../sources.ts';

export default defineAction({
  name: 'harvest_source_create',
  tag: 'harvest',
  description: `Register a catalogue to harvest (ckanext-harvest's action). Operators and sysadmins.

:param name: the source's name (a-z, 0-9, - and _)
:param url: CKAN: the site's root URL; dcat: the catalogue's URL (e.g. https://x/catalog.ttl); egov: the
    data.egov.kz-style list of passports
:param source_type: ckan, dcat (also dcat_rdf) or egov
:param owner_org: the organization the harvested datasets belong to
:param title, notes: optional
:param frequency: MANUAL (default), HOURLY, DAILY, WEEKLY, BIWEEKLY or MONTHLY
:param config: JSON object (or its text): api_key (stored encrypted, never returned), force_all,
    organizations_filter_include / _exclude (CKAN), rows, format (dcat: ttl, rdf, jsonld, nt), timeout_ms
:rtype: the source (harvest_source_show)`,
  sideEffectFree: false,
  input: { type: 'object', properties: SOURCE_INPUT, required: ['name', 'url', 'source_type'] },
  auth: operator,
  async handler(ctx, input: Record<string, any>) {
    const v = await sourceValues(ctx, input);
    const row = await ctx.db
      .insertInto('harvest_source')
      .values({
        id: newId(),
        ...v,
        state: 'active',
        creator_user_id: ctx.user?.id ?? null,
        created: stamp(ctx.services.clock.now()),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return sourceDict(ctx.db, row);
  },
});
