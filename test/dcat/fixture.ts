// A small but complete catalogue built through the Action API: several organizations, all portal
// languages, every update frequency, file, API and external distributions, a private and a deleted one.
import type { TestServer } from '../helpers/server.ts';

const tr = (base: string) => ({
  uz: `${base} (uz)`,
  'uz-Cyrl': `${base} (ўз)`,
  ru: `${base} (ру)`,
  en: `${base} (en)`,
});

export async function buildCatalog(s: TestServer) {
  await s.ok('structure_create', { code: '1', name_translated: tr('Ministries') });
  await s.ok('structure_create', { code: '2', name_translated: tr('Committees') });
  const orgs = [
    await s.ok('organization_create', {
      name: 'stat',
      code: '001',
      structure: '2',
      title_translated: tr('Statistics'),
      description_translated: tr('Statistics agency'),
      email: 'info@stat.example.uz',
      website: 'https://stat.example.uz',
    }),
    await s.ok('organization_create', {
      name: 'health',
      code: '002',
      structure: '1',
      title_translated: tr('Health'),
      email: 'info@health.example.uz',
    }),
    await s.ok('organization_create', {
      name: 'transport',
      code: '003',
      structure: '1',
      title_translated: tr('Transport'),
      email: 'info@transport.example.uz',
    }),
  ];
  await s.ok('group_create', { name: 'economy', title_translated: tr('Economy'), eu_theme: 'ECON' });
  await s.ok('group_create', { name: 'healthcare', title_translated: tr('Healthcare'), eu_theme: 'HEAL' });
  const schedules: Record<string, unknown> = {
    daily: null,
    monthly: { day: 5 },
    quarterly: { month: 1, day: 15 },
    annual: { month: 3, day: 1, every_years: 2 },
    irregular: null,
  };
  const contact = {
    fullname_translated: tr('Aziz Karimov'),
    phone: '+998 71 000 00 00',
    email: 'aziz@stat.example.uz',
  };
  const names: string[] = [];
  let i = 0;
  for (const freq of Object.keys(schedules)) {
    for (const org of orgs) {
      const name = `ds-${freq}-${org.name}`;
      names.push(name);
      await s.ok('package_create', {
        name,
        owner_org: org.name,
        title_translated: tr(`Dataset ${freq} ${org.name}`),
        notes_translated: tr(`About ${name}`),
        keywords_translated: { uz: ['aholi'], ru: ['население'], en: ['population'] },
        tags: [{ name: 'statistics' }],
        license_id: i % 2 ? 'cc-by' : 'odc-odbl',
        sphere: org.name === 'health' ? 'healthcare' : 'economy',
        priority: 'high',
        relevance: 'medium',
        ai_ready: i % 2 === 0,
        update_frequency: freq,
        update_schedule: schedules[freq],
        provision: i % 5 === 4 ? 'external' : i % 3 === 0 ? 'automatic' : 'manual',
        external_api: i % 5 === 4 ? 'https://api.example.uz/v1/data' : null,
        responsible: contact,
        owner: { ...contact, email: 'owner@stat.example.uz' },
        spatial_uri: 'http://publications.europa.eu/resource/authority/country/UZB',
        temporal_start: '2020-01-01',
        temporal_end: '2024-12-31',
        resources: [
          {
            url: `https://files.example.uz/${name}.csv`,
            name: 'CSV file',
            format: 'CSV',
            size: 1024,
            hash: 'sha256:' + 'a'.repeat(64),
          },
          { url: `https://api.example.uz/${name}`, name: 'API', format: 'JSON', resource_type: 'api' },
        ],
      });
      i++;
    }
  }
  await s.ok('package_create', {
    name: 'secret-one',
    owner_org: 'stat',
    private: true,
    title_translated: tr('Secret'),
    update_frequency: 'daily',
  });
  const gone = await s.ok('package_create', {
    name: 'gone-one',
    owner_org: 'stat',
    title_translated: tr('Gone'),
    update_frequency: 'daily',
  });
  await s.ok('package_delete', { id: gone.id, reason: 'test' });
  return { names, orgs };
}
