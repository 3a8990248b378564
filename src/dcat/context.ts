// The MappingContext every RDF surface hands to src/rdf: configuration plus the dictionaries
// (organizations, spheres, structures), read once and rebuilt after any dictionary write.
import type { Services } from '../services.ts';
import type { MappingContext, OrganizationDict, SphereDict, StructureDict } from '../rdf/types.ts';

const contexts = new WeakMap<Services, Promise<MappingContext>>();

/** When a context's dictionaries were read: the Last-Modified of documents built only from them. */
const builtAt = new WeakMap<MappingContext, Date>();
export const dictionariesReadAt = (ctx: MappingContext): Date => builtAt.get(ctx) ?? new Date(0);
const listening = new WeakSet<Services>();

async function build(services: Services): Promise<MappingContext> {
  const { db, config } = services;
  const [groups, structures] = await Promise.all([
    db.selectFrom('group').selectAll().where('state', '=', 'active').execute(),
    db.selectFrom('structure').selectAll().where('state', '=', 'active').execute(),
  ]);
  const organizations: Record<string, OrganizationDict> = {};
  const spheres: Record<string, SphereDict> = {};
  for (const g of groups) {
    if (g.is_organization) {
      organizations[g.id] = {
        id: g.id,
        name: g.name,
        title: g.title,
        description: g.description,
        code: g.code,
        structure: g.structure_code,
        title_translated: g.title_translated,
        description_translated: g.description_translated,
        email: g.email,
        phone: g.phone,
        website: g.website,
        active: g.active,
      };
    } else {
      spheres[g.name] = {
        id: g.id,
        name: g.name,
        title: g.title,
        title_translated: g.title_translated,
        description_translated: g.description_translated,
        icon_url: g.icon_url,
        eu_theme: g.eu_theme,
      };
    }
  }
  const byCode: Record<string, StructureDict> = {};
  for (const s of structures) byCode[s.code] = { id: s.id, code: s.code, name_translated: s.name_translated };
  const title = { [config.defaultLanguage]: config.siteTitle };
  const ctx: MappingContext = {
    baseUri: config.siteUrl,
    languages: config.languages,
    catalog: {
      title_translated: title,
      description_translated: { [config.defaultLanguage]: config.siteDescription },
      publisher: {
        name_translated: { [config.defaultLanguage]: config.publisherName ?? config.siteTitle },
        email: config.publisherEmail,
      },
      homepage: config.siteUrl,
      spatial: config.catalogSpatial,
    },
    organizations,
    spheres,
    structures: byCode,
    vocabNs: config.vocabNs,
  };
  builtAt.set(ctx, new Date());
  return ctx;
}

export function mappingContext(services: Services): Promise<MappingContext> {
  let ctx = contexts.get(services);
  if (!ctx) {
    ctx = build(services);
    contexts.set(services, ctx);
    ctx.catch(() => contexts.delete(services));
    if (!listening.has(services)) {
      listening.add(services);
      services.events.on('outbox', (topic: string) => {
        if (topic !== 'package' && topic !== 'datastore' && topic !== 'resource') contexts.delete(services);
      });
    }
  }
  return ctx;
}
