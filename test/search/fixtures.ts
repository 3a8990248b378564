// Fixtures for the search tests: organizations and groups (through the organization/group actions
// when they exist, else straight rows), memberships, datasets through package_create, and a wait
// for the indexer to catch up with the outbox.
import crypto from 'node:crypto';
import type { TestServer } from '../helpers/server.ts';
import { searchService } from '../../src/search/service.ts';

export interface GroupOpts {
  title?: string;
  title_translated?: Record<string, string>;
  code?: string;
  structure?: string;
}

async function insertGroup(
  s: TestServer,
  name: string,
  isOrg: boolean,
  o: GroupOpts,
): Promise<{ id: string; name: string }> {
  const id = crypto.randomUUID();
  await s.pasport.services.db
    .insertInto('group')
    .values({
      id,
      name,
      title: o.title ?? o.title_translated?.uz ?? name,
      description: '',
      image_url: null,
      type: isOrg ? 'organization' : 'group',
      is_organization: isOrg,
      title_translated: JSON.stringify(o.title_translated ?? {}),
      description_translated: '{}',
      extras: '[]',
      code: o.code ?? null,
      structure_code: null,
      email: null,
      phone: null,
      website: null,
      icon_url: null,
      eu_theme: null,
    })
    .execute();
  return { id, name };
}

const hasAction = (s: TestServer, name: string) => !!s.pasport.runner.get(name);

export async function org(s: TestServer, name: string, o: GroupOpts = {}): Promise<{ id: string; name: string }> {
  if (hasAction(s, 'organization_create')) {
    const r = await s.ok('organization_create', {
      name,
      ...(o.title ? { title: o.title } : {}),
      ...(o.title_translated ? { title_translated: o.title_translated } : {}),
    });
    return { id: r.id, name: r.name };
  }
  return insertGroup(s, name, true, o);
}

export async function group(s: TestServer, name: string, o: GroupOpts = {}): Promise<{ id: string; name: string }> {
  if (hasAction(s, 'group_create')) {
    const r = await s.ok('group_create', {
      name,
      ...(o.title ? { title: o.title } : {}),
      ...(o.title_translated ? { title_translated: o.title_translated } : {}),
    });
    return { id: r.id, name: r.name };
  }
  return insertGroup(s, name, false, o);
}

/** Makes `userId` a member of the organization with the given capacity. */
export async function member(
  s: TestServer,
  groupId: string,
  userId: string,
  capacity: 'member' | 'editor' | 'admin' = 'member',
): Promise<void> {
  await s.pasport.services.db
    .insertInto('member')
    .values({
      id: crypto.randomUUID(),
      group_id: groupId,
      table_name: 'user',
      table_id: userId,
      capacity,
      state: 'active',
    })
    .onConflict((oc) => oc.columns(['group_id', 'table_name', 'table_id']).doUpdateSet({ capacity, state: 'active' }))
    .execute();
}

export async function dataset(s: TestServer, data: Record<string, unknown>, token?: string): Promise<any> {
  return s.ok('package_create', data, token);
}

/** Waits until the search indexer has applied every outbox entry. */
export async function synced(s: TestServer, timeoutMs = 10000): Promise<void> {
  await searchService(s.pasport.services).indexer.settle(timeoutMs);
}

export async function search(s: TestServer, params: Record<string, unknown>, token?: string | null): Promise<any> {
  const r = await s.call('package_search', params, { get: true, token });
  if (r.status !== 200)
    throw new Error(`package_search ${JSON.stringify(params)} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.result;
}

export interface Catalog {
  org1: { id: string; name: string };
  org2: { id: string; name: string };
  health: { id: string; name: string };
  member: { id: string; name: string; token: string };
  outsider: { id: string; name: string; token: string };
  ids: Record<string, string>;
}

const T = (uz: string, cyrl: string, ru: string, en: string) => ({ uz, 'uz-Cyrl': cyrl, ru, en });

/** A small multilingual catalog with public, private, draft and deleted datasets. */
export async function seedCatalog(s: TestServer): Promise<Catalog> {
  const org1 = await org(s, 'stat-agency', {
    title_translated: T('Statistika agentligi', 'Статистика агентлиги', 'Агентство статистики', 'Statistics Agency'),
  });
  const org2 = await org(s, 'edu-ministry', {
    title_translated: T(
      'Maktabgacha va maktab ta’limi vazirligi',
      'Мактабгача ва мактаб таълими вазирлиги',
      'Министерство образования',
      'Ministry of Education',
    ),
  });
  const health = await group(s, 'health', {
    title_translated: T('Sog‘liqni saqlash', 'Соғлиқни сақлаш', 'Здравоохранение', 'Health'),
  });
  const member = await s.user('member1');
  const outsider = await s.user('outsider1');
  await member_(s, org1.id, member.id);
  const ids: Record<string, string> = {};
  const mk = async (name: string, data: Record<string, unknown>) => {
    ids[name] = (await dataset(s, { name, ...data })).id;
  };
  await mk('population-tashkent', {
    owner_org: org1.id,
    title_translated: T(
      'Toshkent shahri aholisi soni',
      'Тошкент шаҳри аҳолиси сони',
      'Численность населения города Ташкента',
      'Population of Tashkent city',
    ),
    notes_translated: T(
      'Yillik aholi statistikasi',
      'Йиллик аҳоли статистикаси',
      'Ежегодная статистика населения',
      'Annual population statistics',
    ),
    tags: [{ name: 'demography' }, { name: 'economy' }],
    groups: [{ name: 'health' }],
    license_id: 'cc-by',
    priority: 'high',
    ai_ready: true,
    update_frequency: 'annual',
    resources: [
      { url: 'http://example.org/pop.csv', name: 'Population table' },
      { url: 'http://example.org/pop.json', name: 'Population API dump' },
    ],
  });
  await mk('state-budget-2024', {
    owner_org: org1.id,
    title_translated: T(
      'Davlat budjeti 2024',
      'Давлат бюджети 2024',
      'Государственный бюджет 2024',
      'State budget 2024',
    ),
    tags: [{ name: 'economy' }, { name: 'finance' }],
    license_id: 'cc-zero',
    priority: 'low',
    extras: [{ key: 'theme', value: 'finance' }],
    resources: [{ url: 'http://example.org/budget.xlsx', name: 'Budget' }],
  });
  await mk('schools-list', {
    owner_org: org2.id,
    title_translated: T('Maktablar ro‘yxati', 'Мактаблар рўйхати', 'Список школ', 'List of schools'),
    tags: [{ name: 'education' }],
    license_id: 'cc-by',
    priority: 'medium',
    update_frequency: 'daily',
    provision: 'automatic',
    resources: [{ url: 'http://example.org/schools.csv', name: 'Schools' }],
  });
  await mk('hospital-beds', {
    owner_org: org2.id,
    title_translated: T('Kasalxona o‘rinlari', 'Касалхона ўринлари', 'Больничные койки', 'Hospital beds'),
    tags: [{ name: 'health-care' }],
    groups: [{ name: 'health' }],
    license_id: 'odc-odbl',
    resources: [{ url: 'http://example.org/beds.xml', name: 'Beds' }],
  });
  await mk('secret-salaries', {
    owner_org: org1.id,
    private: true,
    title_translated: T('Maxfiy ish haqi', 'Махфий иш ҳақи', 'Секретные зарплаты', 'Secret salaries'),
    tags: [{ name: 'secret-tag' }, { name: 'economy' }],
    resources: [{ url: 'http://example.org/s.dat', name: 'Secret', format: 'SECRETFMT' }],
  });
  await mk('draft-plan', {
    owner_org: org1.id,
    state: 'draft',
    title_translated: T('Reja loyihasi', 'Режа лойиҳаси', 'Проект плана', 'Draft plan'),
    tags: [{ name: 'draft-tag' }],
    resources: [{ url: 'http://example.org/d.csv', name: 'Draft' }],
  });
  await mk('old-census', {
    owner_org: org2.id,
    title_translated: T('Eski aholi ro‘yxati', 'Эски аҳоли рўйхати', 'Старая перепись', 'Old census'),
    tags: [{ name: 'gone-tag' }],
    resources: [{ url: 'http://example.org/old.csv', name: 'Old', format: 'GONEFMT' }],
  });
  await s.ok('package_delete', { id: ids['old-census'], reason: 'test' });
  return { org1, org2, health, member, outsider, ids };
}

const member_ = member;
