// The input schema shared by package_create and package_update. It states types for documentation and
// coercion; CKAN's detailed rules (names, organizations, tags, passport) live in src/packages/input.ts,
// which reports all problems at once with CKAN's messages (so enums are documented, not enforced, here).
import { PASSPORT_ENUMS } from '../../packages/passport.ts';

const translated = {
  type: ['object', 'string'],
  additionalProperties: { type: ['string', 'null'] },
  description: 'language code -> text',
};

export const packageInputSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    title: { type: ['string', 'null'] },
    notes: { type: ['string', 'null'] },
    url: { type: ['string', 'null'] },
    version: { type: ['string', 'null'] },
    author: { type: ['string', 'null'] },
    author_email: { type: ['string', 'null'] },
    maintainer: { type: ['string', 'null'] },
    maintainer_email: { type: ['string', 'null'] },
    license_id: { type: ['string', 'null'] },
    owner_org: { type: ['string', 'null'] },
    private: { type: 'boolean' },
    state: { type: 'string' },
    type: { type: 'string' },
    tags: { type: ['array', 'string'], items: {} },
    tag_string: { type: 'string' },
    extras: { type: ['array', 'string'], items: {} },
    resources: { type: ['array', 'string'], items: {} },
    groups: { type: ['array', 'string'], items: {} },
    title_translated: translated,
    notes_translated: translated,
    sphere: { type: ['string', 'null'], description: 'name of the sphere (a group)' },
    priority: { type: ['string', 'null'], description: PASSPORT_ENUMS.priority.join(' | ') },
    relevance: { type: ['string', 'null'], description: PASSPORT_ENUMS.relevance.join(' | ') },
    ai_ready: { type: 'boolean' },
    provision: { type: ['string', 'null'], description: PASSPORT_ENUMS.provision.join(' | ') },
    external_api: { type: ['string', 'null'] },
    update_frequency: { type: ['string', 'null'], description: PASSPORT_ENUMS.update_frequency.join(' | ') },
    update_schedule: { type: ['object', 'string', 'null'] },
    keywords_translated: { type: ['object', 'null'] },
    responsible: { type: ['object', 'null'] },
    owner: { type: ['object', 'null'] },
    spatial_uri: { type: ['string', 'null'] },
    temporal_start: { type: ['string', 'null'] },
    temporal_end: { type: ['string', 'null'] },
  },
} as const;
