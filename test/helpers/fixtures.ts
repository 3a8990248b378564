// Builds catalog fixtures through the public Action API, as an operator would.
import type { TestServer } from './server.ts';

export async function makeStructure(s: TestServer, code: string) {
  return s.ok('structure_create', {
    code,
    name_translated: { uz: `Tuzilma ${code}`, ru: `Структура ${code}`, en: `Structure ${code}` },
  });
}

export async function makeOrg(s: TestServer, name: string, extra: Record<string, unknown> = {}) {
  return s.ok('organization_create', { name, title: name.toUpperCase(), ...extra });
}

export async function makeGroup(s: TestServer, name: string, extra: Record<string, unknown> = {}) {
  return s.ok('group_create', { name, title: name, ...extra });
}

export function passport(name: string, org: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    owner_org: org,
    title_translated: { uz: `${name} uz`, 'uz-Cyrl': `${name} ўз`, ru: `${name} ру`, en: `${name} en` },
    notes_translated: { uz: 'Tavsif', ru: 'Описание', en: 'Description' },
    priority: 'high',
    relevance: 'medium',
    ai_ready: true,
    provision: 'manual',
    update_frequency: 'monthly',
    update_schedule: { day: 10 },
    license_id: 'cc-by',
    tags: [{ name: 'economy' }, { name: 'статистика' }],
    resources: [{ url: 'http://example.org/data.csv', name: 'data' }],
    ...extra,
  };
}
