// Example queries shown on the query page (and checked by the tests against a generated catalog).
// Written for Pasport's DCAT-AP 3 mapping: one dcat:Dataset per record, dct:publisher an organisation
// with foaf:name, the sphere as a dcat:theme, passport fields in the pas: namespace.
export interface ExampleQuery {
  id: string;
  /** Display names: uz (Latin), uz-Cyrl, ru, en. */
  name: Record<'uz' | 'uz-Cyrl' | 'ru' | 'en', string>;
  query: string;
}

const prefixes = (vocabNs: string) => `PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX pas: <${vocabNs}>
`;

/** The examples for a deployment: `pas:` is its own vocabulary namespace (config vocabNs). */
export function exampleQueries(vocabNs: string): ExampleQuery[] {
  const PREFIXES = prefixes(vocabNs);
  return [
    {
      id: 'datasets-per-organization',
      name: {
        uz: "Tashkilotlar bo'yicha ma'lumotlar to'plamlari",
        'uz-Cyrl': 'Ташкилотлар бўйича маълумотлар тўпламлари',
        ru: 'Наборы данных по организациям',
        en: 'Datasets per organization',
      },
      query: `${PREFIXES}
SELECT ?organization ?name (COUNT(DISTINCT ?dataset) AS ?datasets) WHERE {
  ?dataset a dcat:Dataset ; dct:publisher ?organization .
  OPTIONAL { ?organization foaf:name ?name }
}
GROUP BY ?organization ?name
ORDER BY DESC(?datasets)
LIMIT 50`,
    },
    {
      id: 'overdue-datasets',
      name: {
        uz: "Yangilanishi kechikkan ma'lumotlar to'plamlari",
        'uz-Cyrl': 'Янгиланиши кечиккан маълумотлар тўпламлари',
        ru: 'Просроченные наборы данных',
        en: 'Overdue datasets',
      },
      query: `${PREFIXES}
SELECT ?dataset ?title ?due ?overdueDays WHERE {
  ?dataset a dcat:Dataset ; pas:overdueDays ?overdueDays .
  FILTER(?overdueDays > 0)
  OPTIONAL { ?dataset pas:nextUpdateDue ?due }
  OPTIONAL { ?dataset dct:title ?title FILTER(LANGMATCHES(LANG(?title), "ru")) }
}
ORDER BY DESC(?overdueDays)
LIMIT 100`,
    },
    {
      id: 'datasets-by-sphere-and-format',
      name: {
        uz: "Sohalar va formatlar bo'yicha ma'lumotlar to'plamlari",
        'uz-Cyrl': 'Соҳалар ва форматлар бўйича маълумотлар тўпламлари',
        ru: 'Наборы данных по сферам и форматам',
        en: 'Datasets by sphere and format',
      },
      query: `${PREFIXES}
SELECT ?sphere (SAMPLE(?label) AS ?sphereLabel) ?format (COUNT(DISTINCT ?dataset) AS ?datasets) WHERE {
  ?dataset a dcat:Dataset ; dcat:theme ?sphere ; dcat:distribution ?distribution .
  ?distribution dct:format ?format .
  OPTIONAL { ?sphere skos:prefLabel ?label }
}
GROUP BY ?sphere ?format
ORDER BY ?sphere DESC(?datasets)`,
    },
    {
      id: 'recently-modified',
      name: {
        uz: "Yaqinda yangilangan ma'lumotlar to'plamlari",
        'uz-Cyrl': 'Яқинда янгиланган маълумотлар тўпламлари',
        ru: 'Недавно обновлённые наборы данных',
        en: 'Recently modified datasets',
      },
      query: `${PREFIXES}
SELECT ?dataset ?title ?modified WHERE {
  ?dataset a dcat:Dataset ; dct:modified ?modified ; dct:title ?title .
  FILTER(LANGMATCHES(LANG(?title), "uz"))
}
ORDER BY DESC(?modified)
LIMIT 20`,
    },
    {
      id: 'csv-downloads',
      name: {
        uz: 'CSV formatidagi yuklab olish havolalari',
        'uz-Cyrl': 'CSV форматидаги юклаб олиш ҳаволалари',
        ru: 'Ссылки на скачивание в формате CSV',
        en: 'CSV download links',
      },
      query: `${PREFIXES}
SELECT ?dataset ?title ?url WHERE {
  ?dataset dcat:distribution ?distribution ; dct:title ?title .
  ?distribution dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> .
  { ?distribution dcat:downloadURL ?url } UNION { ?distribution dcat:accessURL ?url }
  FILTER(LANGMATCHES(LANG(?title), "en"))
}
LIMIT 100`,
    },
    {
      id: 'datasets-per-theme',
      name: {
        uz: "Mavzular bo'yicha ma'lumotlar to'plamlari soni",
        'uz-Cyrl': 'Мавзулар бўйича маълумотлар тўпламлари сони',
        ru: 'Число наборов данных по темам',
        en: 'Number of datasets per theme',
      },
      query: `${PREFIXES}
SELECT ?theme (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?dataset) AS ?datasets) WHERE {
  ?dataset a dcat:Dataset ; dcat:theme ?theme .
  OPTIONAL { ?theme skos:prefLabel ?l }
}
GROUP BY ?theme
ORDER BY DESC(?datasets)`,
    },
  ];
}

/** The examples with the namespace of the generated test catalogue (https://data.example.uz/). */
export const EXAMPLE_QUERIES: ExampleQuery[] = exampleQueries('https://data.example.uz/ns#');
