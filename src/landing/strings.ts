// The landing page's words in the portal languages. A portal language without an entry here falls back
// to English (PASPORT_LANGUAGES may name any BCP 47 tag; these are the ones written so far).
export interface LandingStrings {
  lead: string;
  what: string[];
  counts: { datasets: string; organizations: string; spheres: string; datastore: string };
  explore: string;
  links: { docs: string; sparql: string; catalog: string; vocab: string; status: string };
  examples: string;
  exampleLabels: { search: string; show: string; org: string; datastore: string; rdf: string; sparql: string };
  empty: string;
  language: string;
}

export const STRINGS: Record<string, LandingStrings> = {
  en: {
    lead: 'The service behind the national open-data portal: every dataset has a passport — publisher, titles in every portal language, sphere, update schedule and the structure of its fields.',
    what: [
      'CKAN-compatible Action API: ckanapi, harvesters and CKAN front ends work unchanged',
      'DCAT-AP 3 feeds for federated catalogues',
      'SPARQL 1.1 endpoint over the same data',
      "DataStore: the rows, checked against each dataset's descriptor",
    ],
    counts: { datasets: 'datasets', organizations: 'organizations', spheres: 'spheres', datastore: 'DataStore tables' },
    explore: 'Explore',
    links: {
      docs: 'API documentation (Swagger UI)',
      sparql: 'SPARQL query page',
      catalog: 'DCAT-AP catalogue',
      vocab: 'Vocabulary and concept schemes',
      status: 'Service status',
    },
    examples: 'Example requests',
    exampleLabels: {
      search: 'Search datasets',
      show: 'One dataset',
      org: 'Organizations',
      datastore: 'Rows from the DataStore',
      rdf: 'One dataset as RDF (Turtle)',
      sparql: 'Datasets per organization (SPARQL)',
    },
    empty: 'The catalogue is empty. Load the demo catalogue with: npm run demo',
    language: 'Language',
  },
  ru: {
    lead: 'Сервис национального портала открытых данных: у каждого набора данных есть паспорт — поставщик, названия на всех языках портала, сфера, график обновления и структура полей.',
    what: [
      'Action API, совместимый с CKAN: ckanapi, харвестеры и интерфейсы CKAN работают без изменений',
      'Ленты DCAT-AP 3 для федеративных каталогов',
      'SPARQL 1.1 по тем же данным',
      'DataStore: строки данных, проверенные по дескриптору набора',
    ],
    counts: {
      datasets: 'наборов данных',
      organizations: 'организаций',
      spheres: 'сфер',
      datastore: 'таблиц DataStore',
    },
    explore: 'Разделы',
    links: {
      docs: 'Документация API (Swagger UI)',
      sparql: 'Страница SPARQL-запросов',
      catalog: 'Каталог DCAT-AP',
      vocab: 'Словарь и схемы понятий',
      status: 'Состояние сервиса',
    },
    examples: 'Примеры запросов',
    exampleLabels: {
      search: 'Поиск наборов',
      show: 'Один набор данных',
      org: 'Организации',
      datastore: 'Строки из DataStore',
      rdf: 'Набор данных в RDF (Turtle)',
      sparql: 'Наборы по организациям (SPARQL)',
    },
    empty: 'Каталог пуст. Загрузите демонстрационный каталог: npm run demo',
    language: 'Язык',
  },
  uz: {
    lead: "Milliy ochiq ma'lumotlar portali xizmati: har bir ma'lumotlar to'plamining pasporti bor — yetkazib beruvchi, portalning barcha tillaridagi nomlar, soha, yangilash jadvali va maydonlar tuzilmasi.",
    what: [
      "CKAN bilan mos Action API: ckanapi, harvesterlar va CKAN interfeyslari o'zgarishsiz ishlaydi",
      'Federativ kataloglar uchun DCAT-AP 3 lentalari',
      "Xuddi shu ma'lumotlar ustida SPARQL 1.1",
      "DataStore: to'plam deskriptori bo'yicha tekshirilgan qatorlar",
    ],
    counts: {
      datasets: "ma'lumotlar to'plami",
      organizations: 'tashkilot',
      spheres: 'soha',
      datastore: 'DataStore jadvali',
    },
    explore: "Bo'limlar",
    links: {
      docs: 'API hujjatlari (Swagger UI)',
      sparql: "SPARQL so'rovlar sahifasi",
      catalog: 'DCAT-AP katalogi',
      vocab: "Lug'at va tushunchalar sxemalari",
      status: 'Xizmat holati',
    },
    examples: "So'rov namunalari",
    exampleLabels: {
      search: "To'plamlarni qidirish",
      show: "Bitta to'plam",
      org: 'Tashkilotlar',
      datastore: 'DataStore qatorlari',
      rdf: "To'plam RDF ko'rinishida (Turtle)",
      sparql: "Tashkilotlar bo'yicha to'plamlar (SPARQL)",
    },
    empty: "Katalog bo'sh. Namuna katalogni yuklang: npm run demo",
    language: 'Til',
  },
  'uz-Cyrl': {
    lead: 'Миллий очиқ маълумотлар портали хизмати: ҳар бир маълумотлар тўпламининг паспорти бор — етказиб берувчи, порталнинг барча тиллардаги номлар, соҳа, янгилаш жадвали ва майдонлар тузилмаси.',
    what: [
      'CKAN билан мос Action API: ckanapi, харвестерлар ва CKAN интерфейслари ўзгаришсиз ишлайди',
      'Федератив каталоглар учун DCAT-AP 3 лентаси',
      'Худди шу маълумотлар устида SPARQL 1.1',
      'DataStore: тўплам дескриптори бўйича текширилган қаторлар',
    ],
    counts: {
      datasets: 'маълумотлар тўплами',
      organizations: 'ташкилот',
      spheres: 'соҳа',
      datastore: 'DataStore жадвали',
    },
    explore: 'Бўлимлар',
    links: {
      docs: 'API ҳужжатлари (Swagger UI)',
      sparql: 'SPARQL сўровлар саҳифаси',
      catalog: 'DCAT-AP каталоги',
      vocab: 'Луғат ва тушунчалар схемалари',
      status: 'Хизмат ҳолати',
    },
    examples: 'Сўров намуналари',
    exampleLabels: {
      search: 'Тўпламларни қидириш',
      show: 'Битта тўплам',
      org: 'Ташкилотлар',
      datastore: 'DataStore қаторлари',
      rdf: 'Тўплам RDF кўринишида (Turtle)',
      sparql: 'Ташкилотлар бўйича тўпламлар (SPARQL)',
    },
    empty: 'Каталог бўш. Намуна каталогни юкланг: npm run demo',
    language: 'Тил',
  },
  kk: {
    lead: 'Ұлттық ашық деректер порталының қызметі: әр деректер жиынтығының паспорты бар — жеткізуші, портал тілдеріндегі атаулар, сала, жаңарту кестесі және өрістер құрылымы.',
    what: [
      'CKAN-мен үйлесімді Action API: ckanapi, харвестерлер және CKAN интерфейстері өзгеріссіз жұмыс істейді',
      'Федеративтік каталогтарға арналған DCAT-AP 3 арналары',
      'Сол деректер бойынша SPARQL 1.1',
      'DataStore: жиынтық дескрипторы бойынша тексерілген жолдар',
    ],
    counts: { datasets: 'деректер жиынтығы', organizations: 'ұйым', spheres: 'сала', datastore: 'DataStore кестесі' },
    explore: 'Бөлімдер',
    links: {
      docs: 'API құжаттамасы (Swagger UI)',
      sparql: 'SPARQL сұраулар беті',
      catalog: 'DCAT-AP каталогы',
      vocab: 'Сөздік және ұғымдар сызбалары',
      status: 'Қызмет күйі',
    },
    examples: 'Сұрау үлгілері',
    exampleLabels: {
      search: 'Жиынтықтарды іздеу',
      show: 'Бір жиынтық',
      org: 'Ұйымдар',
      datastore: 'DataStore жолдары',
      rdf: 'Жиынтық RDF түрінде (Turtle)',
      sparql: 'Ұйымдар бойынша жиынтықтар (SPARQL)',
    },
    empty: 'Каталог бос. Демо каталогты жүктеңіз: npm run demo',
    language: 'Тіл',
  },
};

/** The page language: ?lang, then Accept-Language, among the portal languages; the portal default otherwise. */
export function pickLanguage(portal: string[], param: unknown, acceptLanguage: string | undefined): string {
  const find = (tag: string) => portal.find((l) => l.toLowerCase() === tag.trim().toLowerCase());
  if (typeof param === 'string' && find(param)) return find(param)!;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...ps] = part.trim().split(';');
      const q = Number(
        ps
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const hit = find(tag) ?? (/^uz-cyrl/i.test(tag) ? find('uz-Cyrl') : undefined) ?? find(tag.split('-')[0]);
    if (hit) return hit;
  }
  return portal[0] ?? 'en';
}

export function stringsFor(lang: string): LandingStrings {
  return STRINGS[lang] ?? STRINGS[lang.split('-')[0]] ?? STRINGS.en;
}
