// Generates a realistic multilingual catalog for the search benchmark and the deep-paging tests:
// organizations, spheres and datasets whose titles and descriptions exist in Uzbek (Latin and
// Cyrillic), Russian and English, with tags, resources and passports, inserted in bulk straight into
// the core tables.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { DB } from '../../src/db/connect.ts';
import { datasetRow } from './rows.ts';

type L4 = [uz: string, cyrl: string, ru: string, en: string];

const TOPICS: L4[] = [
  ['Aholi soni', 'Аҳоли сони', 'Численность населения', 'Population'],
  ['Tug‘ilish darajasi', 'Туғилиш даражаси', 'Уровень рождаемости', 'Birth rate'],
  ['Davlat budjeti', 'Давлат бюджети', 'Государственный бюджет', 'State budget'],
  ['Maktablar ro‘yxati', 'Мактаблар рўйхати', 'Список школ', 'List of schools'],
  ['Kasalxonalar', 'Касалхоналар', 'Больницы', 'Hospitals'],
  ['Ish haqi', 'Иш ҳақи', 'Заработная плата', 'Wages'],
  ['Ishsizlik darajasi', 'Ишсизлик даражаси', 'Уровень безработицы', 'Unemployment rate'],
  [
    'Qishloq xo‘jaligi mahsulotlari',
    'Қишлоқ хўжалиги маҳсулотлари',
    'Продукция сельского хозяйства',
    'Agricultural output',
  ],
  [
    'Yo‘l-transport hodisalari',
    'Йўл-транспорт ҳодисалари',
    'Дорожно-транспортные происшествия',
    'Road traffic accidents',
  ],
  ['Havo sifati', 'Ҳаво сифати', 'Качество воздуха', 'Air quality'],
  ['Suv iste’moli', 'Сув истеъмоли', 'Потребление воды', 'Water consumption'],
  [
    'Elektr energiyasi ishlab chiqarish',
    'Электр энергияси ишлаб чиқариш',
    'Производство электроэнергии',
    'Electricity generation',
  ],
  ['Turistlar oqimi', 'Туристлар оқими', 'Туристический поток', 'Tourist arrivals'],
  ['Eksport hajmi', 'Экспорт ҳажми', 'Объём экспорта', 'Export volume'],
  ['Import hajmi', 'Импорт ҳажми', 'Объём импорта', 'Import volume'],
  ['Iste’mol narxlari indeksi', 'Истеъмол нархлари индекси', 'Индекс потребительских цен', 'Consumer price index'],
  ['Uy-joy qurilishi', 'Уй-жой қурилиши', 'Жилищное строительство', 'Housing construction'],
  ['Jinoyatchilik statistikasi', 'Жиноятчилик статистикаси', 'Статистика преступности', 'Crime statistics'],
  ['Dorixonalar', 'Дорихоналар', 'Аптеки', 'Pharmacies'],
  [
    'Jamoat transporti yo‘nalishlari',
    'Жамоат транспорти йўналишлари',
    'Маршруты общественного транспорта',
    'Public transport routes',
  ],
];
const REGIONS: L4[] = [
  ['Toshkent shahri', 'Тошкент шаҳри', 'город Ташкент', 'Tashkent city'],
  ['Samarqand viloyati', 'Самарқанд вилояти', 'Самаркандская область', 'Samarkand region'],
  ['Buxoro viloyati', 'Бухоро вилояти', 'Бухарская область', 'Bukhara region'],
  ['Farg‘ona viloyati', 'Фарғона вилояти', 'Ферганская область', 'Fergana region'],
  ['Andijon viloyati', 'Андижон вилояти', 'Андижанская область', 'Andijan region'],
  ['Namangan viloyati', 'Наманган вилояти', 'Наманганская область', 'Namangan region'],
  ['Qashqadaryo viloyati', 'Қашқадарё вилояти', 'Кашкадарьинская область', 'Kashkadarya region'],
  ['Surxondaryo viloyati', 'Сурхондарё вилояти', 'Сурхандарьинская область', 'Surkhandarya region'],
  ['Xorazm viloyati', 'Хоразм вилояти', 'Хорезмская область', 'Khorezm region'],
  ['Navoiy viloyati', 'Навоий вилояти', 'Навоийская область', 'Navoi region'],
  ['Jizzax viloyati', 'Жиззах вилояти', 'Джизакская область', 'Jizzakh region'],
  ['Sirdaryo viloyati', 'Сирдарё вилояти', 'Сырдарьинская область', 'Syrdarya region'],
  [
    'Qoraqalpog‘iston Respublikasi',
    'Қорақалпоғистон Республикаси',
    'Республика Каракалпакстан',
    'Republic of Karakalpakstan',
  ],
];
const SPHERES = [
  'economy',
  'health',
  'education',
  'transport',
  'environment',
  'agriculture',
  'energy',
  'social',
  'tourism',
  'justice',
  'finance',
  'construction',
];
const TAGS = Array.from(
  { length: 150 },
  (_, i) =>
    [
      'statistika',
      'budjet',
      'sog‘liq',
      'ta’lim',
      'transport',
      'ekologiya',
      'energetika',
      'moliya',
      'qurilish',
      'turizm',
    ][i % 10] + (i >= 10 ? `-${i}` : ''),
);
const FORMATS = ['CSV', 'JSON', 'XLSX', 'XML', 'PDF', 'API'];
const LICENSES = ['cc-by', 'cc-by-sa', 'cc-zero', 'odc-odbl', 'other-open'];
const LEVELS = ['high', 'medium', 'low', null];
const FREQS = ['daily', 'monthly', 'quarterly', 'annual', 'irregular', null];
const PROVISIONS = ['manual', 'automatic', 'external'];

/** A deterministic pseudo-random sequence, so runs are comparable. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function naive(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 23)}${String(Math.floor((ms % 1) * 1000)).padStart(3, '0')}`;
}

export interface Generated {
  orgs: { id: string; name: string }[];
  spheres: string[];
  datasets: number;
}

export async function generateCatalog(
  db: DB,
  n: number,
  opts: { adminId: string; seed?: number; onProgress?: (done: number) => void },
): Promise<Generated> {
  const r = rng(opts.seed ?? 42);
  await db
    .insertInto('structure')
    .values({
      id: crypto.randomUUID(),
      code: '1',
      name_translated: JSON.stringify({ uz: 'Vazirliklar', ru: 'Министерства', en: 'Ministries' }),
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const orgs = Array.from({ length: 60 }, (_, i) => ({
    id: crypto.randomUUID(),
    name: `org-${i}`,
    code: String(i + 1).padStart(3, '0'),
  }));
  await db
    .insertInto('group')
    .values(
      orgs.map((o, i) => ({
        id: o.id,
        name: o.name,
        title: `Tashkilot ${i}`,
        description: '',
        image_url: null,
        type: 'organization',
        is_organization: true,
        title_translated: JSON.stringify({
          uz: `Tashkilot ${i}`,
          'uz-Cyrl': `Ташкилот ${i}`,
          ru: `Организация ${i}`,
          en: `Organization ${i}`,
        }),
        description_translated: '{}',
        extras: '[]',
        code: o.code,
        structure_code: '1',
        email: null,
        phone: null,
        website: null,
        icon_url: null,
        eu_theme: null,
        next_passport_seq: 1,
      })),
    )
    .execute();
  const sphereIds = new Map<string, string>();
  await db
    .insertInto('group')
    .values(
      SPHERES.map((name) => {
        const id = crypto.randomUUID();
        sphereIds.set(name, id);
        return {
          id,
          name,
          title: name,
          description: '',
          image_url: null,
          type: 'group',
          is_organization: false,
          title_translated: JSON.stringify({ uz: name, ru: name, en: name }),
          description_translated: '{}',
          extras: '[]',
          code: null,
          structure_code: null,
          email: null,
          phone: null,
          website: null,
          icon_url: null,
          eu_theme: null,
        };
      }),
    )
    .execute();
  const tagIds = TAGS.map((name) => ({ id: crypto.randomUUID(), name, vocabulary_id: null }));
  await db.insertInto('tag').values(tagIds).execute();

  const seq = new Map<string, number>();
  const now = Date.now();
  const BATCH = 2000;
  for (let start = 0; start < n; start += BATCH) {
    const pk: Record<string, unknown>[] = [];
    const res: Record<string, unknown>[] = [];
    const ptags: { package_id: string; tag_id: string }[] = [];
    const members: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(n, start + BATCH); i++) {
      const id = crypto.randomUUID();
      const topic = pick(r, TOPICS);
      const region = pick(r, REGIONS);
      const year = 2015 + Math.floor(r() * 11);
      const o = pick(r, orgs);
      const s = seq.get(o.id) ?? 1;
      seq.set(o.id, s + 1);
      const sphere = pick(r, SPHERES);
      const created = now - r() * 3 * 365 * 86400000;
      const modified = created + r() * (now - created);
      const stateRoll = r();
      const titles = {
        uz: `${topic[0]}, ${region[0]}, ${year}`,
        'uz-Cyrl': `${topic[1]}, ${region[1]}, ${year}`,
        ru: `${topic[2]}, ${region[2]}, ${year}`,
        en: `${topic[3]}, ${region[3]}, ${year}`,
      };
      const notes = {
        uz: `${region[0]} bo‘yicha ${year} yil uchun ${topic[0].toLowerCase()} ma’lumotlari.`,
        'uz-Cyrl': `${region[1]} бўйича ${year} йил учун ${topic[1].toLowerCase()} маълумотлари.`,
        ru: `Данные: ${topic[2].toLowerCase()}, ${region[2]}, за ${year} год.`,
        en: `${topic[3]} data for ${region[3]}, ${year}.`,
      };
      // JSON columns as values, not text: bulk() sends the rows as one JSON document.
      pk.push(
        datasetRow({
          id,
          name: `ds-${i}`,
          title: titles.uz,
          notes: notes.uz,
          license_id: pick(r, LICENSES),
          state: stateRoll < 0.02 ? 'deleted' : stateRoll < 0.03 ? 'draft' : 'active',
          private: r() < 0.1,
          owner_org: o.id,
          creator_user_id: opts.adminId,
          metadata_created: naive(created),
          metadata_modified: naive(modified),
          extras: [] as never,
          passport_code: `1-${o.code}-${String(s).padStart(4, '0')}`,
          title_translated: titles as never,
          notes_translated: notes as never,
          sphere,
          priority: pick(r, LEVELS),
          relevance: pick(r, LEVELS),
          ai_ready: r() < 0.2,
          provision: pick(r, PROVISIONS),
          update_frequency: pick(r, FREQS),
          passport: {} as never,
          last_data_update: naive(modified),
        }),
      );
      members.push({
        id: crypto.randomUUID(),
        group_id: sphereIds.get(sphere)!,
        table_name: 'package',
        table_id: id,
        capacity: 'public',
        state: 'active',
      });
      const nres = 1 + Math.floor(r() * 3);
      for (let k = 0; k < nres; k++) {
        const format = pick(r, FORMATS);
        res.push({
          id: crypto.randomUUID(),
          package_id: id,
          position: k,
          state: 'active',
          url: `https://data.example.uz/${i}/${k}.${format.toLowerCase()}`,
          name: `${topic[0]} ${year} (${format})`,
          description: `${topic[2]} — ${region[2]}`,
          format,
          created: naive(created),
          metadata_modified: naive(modified),
          extras: {},
        });
      }
      const ntags = 2 + Math.floor(r() * 3);
      const chosen = new Set<string>();
      for (let k = 0; k < ntags; k++) chosen.add(pick(r, tagIds).id);
      for (const tag_id of chosen) ptags.push({ package_id: id, tag_id });
    }
    await bulk(db, 'package', pk);
    await bulk(db, 'resource', res);
    await bulk(db, 'package_tag', ptags);
    await bulk(db, 'member', members);
    await sql`INSERT INTO outbox (topic, entity_id, op) SELECT 'package', x, 'upsert' FROM unnest(${pk.map((p) => p.id as string)}::text[]) x`.execute(
      db,
    );
    opts.onProgress?.(Math.min(n, start + BATCH));
  }
  for (const [id, s] of seq) await db.updateTable('group').set({ next_passport_seq: s }).where('id', '=', id).execute();
  return { orgs, spheres: SPHERES, datasets: n };
}

/** One INSERT ... SELECT from a JSON parameter per batch: column types come from the table itself. */
async function bulk(db: DB, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]);
  const list = sql.raw(cols.map((c) => `"${c}"`).join(', '));
  await sql`INSERT INTO ${sql.raw(`"${table}"`)} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${sql.raw(`"${table}"`)}, ${JSON.stringify(rows)}::jsonb)`.execute(
    db,
  );
}
