// Loads the demo catalogue (catalog.json, pharmacies.json) through the action layer, as a sysadmin
// would through the API: structures, organizations, spheres, datasets with resources, the Astana
// pharmacies DataStore with its descriptor and the duty shifts that reference it through datapath.
import catalog from './catalog.json' with { type: 'json' };
import pharmacies from './pharmacies.json' with { type: 'json' };
import type { ActionRunner } from '../actions/runner.ts';
import type { AuthUser } from '../actions/types.ts';
import type { Services } from '../services.ts';
import { ensureUser } from '../auth/users.ts';
import { uzLatinToCyrillic } from './translit.ts';
import { backdate } from './history.ts';
import { descriptorFor } from './descriptor.ts';

type Translated = Record<string, string>;
type DemoDataset = (typeof catalog.datasets)[number] & {
  schedule?: Record<string, number>;
  last_data_update?: string;
  private?: boolean;
  datastore?: { name: string; descriptor: string; records: string[] };
};

export interface DemoResult {
  structures: number;
  organizations: number;
  spheres: number;
  datasets: number;
  resources: number;
  records: number;
  overdue: number;
}

const FREQ: Record<string, Translated> = {
  daily: { uz: 'har kuni', ru: 'ежедневно', en: 'daily', kk: 'күн сайын' },
  monthly: { uz: 'har oy', ru: 'ежемесячно', en: 'monthly', kk: 'ай сайын' },
  quarterly: { uz: 'har chorakda', ru: 'ежеквартально', en: 'quarterly', kk: 'тоқсан сайын' },
  annual: { uz: 'har yili', ru: 'ежегодно', en: 'every year', kk: 'жыл сайын' },
  irregular: { uz: "zarurat bo'yicha", ru: 'по мере необходимости', en: 'as needed', kk: 'қажет болғанда' },
};

const EXT: Record<string, string> = { GTFS: 'zip', SHP: 'zip' };

/** Keeps the portal's languages, adds uz-Cyrl from uz, and fills the default language when missing. */
export function localise(t: Translated, languages: string[]): Translated {
  const all: Translated = { ...t };
  if (t.uz && !t['uz-Cyrl']) all['uz-Cyrl'] = uzLatinToCyrillic(t.uz);
  const out: Translated = {};
  for (const l of languages) if (all[l]) out[l] = all[l];
  if (!out[languages[0]]) out[languages[0]] = all.en ?? all.ru ?? Object.values(all)[0];
  return out;
}

function notes(d: DemoDataset, org: Translated, languages: string[]): Translated {
  const f = FREQ[d.frequency];
  const t = d.title as Translated;
  const text: Translated = {
    uz: `${t.uz}. Ma'lumotlarni ${org.uz} taqdim etadi; yangilanish davriyligi: ${f.uz}.`,
    ru: `${t.ru}. Поставщик данных: ${org.ru}; периодичность обновления: ${f.ru}.`,
    en: `${t.en}. Published by the ${org.en}; updated ${f.en}.`,
  };
  if (t.kk) text.kk = `${t.kk}. Деректерді ${org.kk} ұсынады; жаңарту кезеңділігі: ${f.kk}.`;
  return localise(text, languages);
}

/** package_create's input for a demo dataset: texts in the portal's languages, one resource per format. */
function packageInput(d: DemoDataset, org: Translated, langs: string[]): Record<string, unknown> {
  return {
    name: d.name,
    owner_org: d.org,
    sphere: d.sphere,
    private: d.private ?? false,
    title_translated: localise(d.title as Translated, langs),
    notes_translated: notes(d, org, langs),
    update_frequency: d.frequency,
    update_schedule: d.schedule ?? null,
    priority: d.priority,
    relevance: d.priority === 'high' ? 'high' : 'medium',
    ai_ready: d.formats.some((f) => f === 'CSV' || f === 'JSON'),
    provision: d.frequency === 'daily' ? 'automatic' : 'manual',
    license_id: 'cc-by',
    tags: d.tags.map((name) => ({ name })),
    responsible: {
      fullname_translated: localise(
        {
          uz: "Ochiq ma'lumotlar bo'yicha mas'ul xodim",
          ru: 'Ответственный за открытые данные',
          en: 'Open data officer',
          kk: 'Ашық деректерге жауапты қызметкер',
        },
        langs,
      ),
      phone: catalog.organizations.find((o) => o.name === d.org)!.phone,
      email: `opendata.${d.org}@example.org`,
    },
    resources: d.formats.map((f) => ({
      url: `https://data.example.org/${d.org}/${d.name}.${EXT[f] ?? f.toLowerCase()}`,
      name: `${d.title.en} (${f})`,
      format: f,
    })),
  };
}

/** datastore_create's input for a demo DataStore: its descriptor and records, taken from pharmacies.json. */
function datastoreInput(packageId: string, ds: NonNullable<DemoDataset['datastore']>, langs: string[]) {
  const source = pharmacies as unknown as Record<string, unknown>;
  const records = ds.records.flatMap((k) => source[k] as unknown[]);
  return {
    resource: { package_id: packageId, name: ds.name, format: 'JSON' },
    descriptor: descriptorFor(source[ds.descriptor] as never, ds.descriptor, langs, pharmacies.translations as never),
    records,
  };
}

export async function catalogIsEmpty(services: Services): Promise<boolean> {
  const [p, g] = await Promise.all([
    services.db.selectFrom('package').select('id').limit(1).executeTakeFirst(),
    services.db.selectFrom('group').select('id').limit(1).executeTakeFirst(),
  ]);
  return !p && !g;
}

export async function loadDemo(
  services: Services,
  runner: ActionRunner,
  log: (line: string) => void = () => {},
): Promise<DemoResult> {
  const langs = services.config.languages;
  const admin = await ensureUser(services.db, 'demo', { sysadmin: true, fullname: 'Demo loader' });
  const user: AuthUser = { id: admin.id, name: admin.name, sysadmin: true, operator: false };
  const call = <T = any>(action: string, input: Record<string, unknown>) =>
    runner.result<T>(action, input, { user }).catch((err) => {
      const detail = (err as { envelope?: () => unknown }).envelope?.();
      throw new Error(
        `${action} ${String(input.name ?? input.code ?? '')}: ${detail ? JSON.stringify(detail) : (err as Error).message}`,
      );
    });
  // With --force on a catalogue that has some of these already, existing names are kept as they are.
  const exists = (action: string, id: string) =>
    runner.result(action, { id }, { user }).then(
      () => true,
      () => false,
    );
  const result: DemoResult = {
    structures: 0,
    organizations: 0,
    spheres: 0,
    datasets: 0,
    resources: 0,
    records: 0,
    overdue: 0,
  };

  const structures = new Set((await call<{ code: string }[]>('structure_list', {}).catch(() => [])).map((s) => s.code));
  for (const s of catalog.structures) {
    if (structures.has(s.code)) continue;
    await call('structure_create', { code: s.code, name_translated: localise(s.name_translated, langs) });
    result.structures++;
  }
  const orgTitles = new Map<string, Translated>();
  for (const o of catalog.organizations) {
    orgTitles.set(o.name, o.title_translated);
    if (await exists('organization_show', o.name)) continue;
    await call('organization_create', { ...o, title_translated: localise(o.title_translated, langs) });
    result.organizations++;
  }
  for (const g of catalog.spheres) {
    if (await exists('group_show', g.name)) continue;
    await call('group_create', { ...g, title_translated: localise(g.title_translated, langs) });
    result.spheres++;
  }
  log(`${result.structures} structures, ${result.organizations} organizations, ${result.spheres} spheres`);

  const history: { id: string; date: string }[] = [];
  for (const d of catalog.datasets as DemoDataset[]) {
    if (await exists('package_show', d.name)) continue;
    const pkg = await call('package_create', packageInput(d, orgTitles.get(d.org)!, langs));
    result.datasets++;
    result.resources += d.formats.length;
    if (d.datastore) {
      const input = datastoreInput(pkg.id, d.datastore, langs);
      await call('datastore_create', input);
      result.resources++;
      result.records += input.records.length;
    }
    if (d.last_data_update) history.push({ id: pkg.id, date: d.last_data_update });
  }
  await backdate(services, history);
  result.overdue = history.length;
  log(`${result.datasets} datasets, ${result.resources} resources, ${result.records} DataStore records`);
  return result;
}
