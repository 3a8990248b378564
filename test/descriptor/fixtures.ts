// The pharmacies-of-Astana example of the rules (order 144, appendix 2), and a second dataset that points at it.
import type { Descriptor } from '../../src/descriptor/types.ts';

export const KZ_LANGUAGES = ['kk', 'ru', 'en'];

export const pharmacies: Descriptor = {
  apiUri: 'astana_pharmacies',
  nameKk: 'Астана қаласының дәріханалары',
  nameRu: 'Аптеки города Астана',
  descriptionKk: 'Көрсетілген ашық деректер Астана қаласының дәріханалар ақпаратын қамтиды',
  descriptionRu: 'Указанные открытые данные содержат информацию об аптеках города г. Астана',
  keywords: ['Дәріхана', 'аптека'],
  responsible: {
    fullnameKk: 'Ақышев Жеңіс Бекенұлы',
    fullnameRu: 'Акишев Женис Бекенович',
    phone: '8 (7172) 740479',
    email: 'zh.akishev@qogam.gov.kz',
  },
  fields: {
    id: { type: 'String', labelKk: 'сәйкестендіргіш', labelRu: 'идентификатор', labelEn: 'Identifier', pkey: true },
    name: { type: 'String', labelKk: 'Атауы', labelRu: 'Название', labelEn: 'Name', pkey: false },
    region: { type: 'String', labelKk: 'Өңір', labelRu: 'Регион', labelEn: 'Region', pkey: false },
    geoposition: { type: 'Geoposition', labelKk: 'Геонүкте', labelRu: 'Геопозиция', labelEn: 'Location', pkey: false },
    address: { type: 'Address', labelKk: 'Мекенжайы', labelRu: 'Адрес', labelEn: 'Address', pkey: false },
    schedule: { type: 'Text', labelKk: 'Жұмыс істеу кестесі', labelRu: 'График работы', labelEn: 'Opening hours', pkey: false },
    expireDate: { type: 'Date', labelKk: 'Лицензияның аяқталу мерзімі', labelRu: 'Срок истечения лицензии', labelEn: 'Licence expiry', pkey: false },
  },
};

/** Rows of the template (appendix 2, section 3), completed with a schedule and an expiry date. */
export const pharmacyRows = [
  { id: '11', name: 'Гиппократ', region: 'Астана', geoposition: '51.117469,71.428171', address: 'Астана қаласы, "Ильинка" Т.А. Есет батыр көшесі 18-үй', schedule: '09:00-21:00', expireDate: '31.12.2026' },
  { id: '22', name: 'Зеленая аптека', region: 'Астана', geoposition: '51.121077,71.419938', address: 'Астана қаласы, Достық шағын ауданы, Сауран көшесі 5-үй', schedule: 'круглосуточно', expireDate: '15-06-2027 18:30' },
];

/** What validation stores for pharmacyRows. */
export const pharmacyRecords = [
  { ...pharmacyRows[0], expireDate: '2026-12-31T00:00:00' },
  { ...pharmacyRows[1], expireDate: '2027-06-15T18:30:00' },
];

/** Duty shifts of pharmacies: references astana_pharmacies.id, top level and inside a list of objects. */
export const shifts: Descriptor = {
  apiUri: 'astana_pharmacy_shifts',
  nameKk: 'Дәріханалардың кезекшілігі',
  nameRu: 'Дежурства аптек',
  descriptionKk: 'Түнгі кезекшілік',
  descriptionRu: 'Ночные дежурства',
  keywords: ['аптека'],
  responsible: { fullnameKk: 'Ақышев Ж.', fullnameRu: 'Акишев Ж.', phone: '8 (7172) 740479', email: 'zh.akishev@qogam.gov.kz' },
  fields: {
    shiftId: { type: 'Int', labelKk: 'ИД', labelRu: 'ИД', labelEn: 'ID', pkey: true },
    pharmacy: { type: 'String', labelKk: 'Дәріхана', labelRu: 'Аптека', datapath: 'astana_pharmacies.id' },
    backups: {
      type: 'List', labelKk: 'Қосалқы', labelRu: 'Резерв', elementType: 'Object',
      fields: {
        pharmacy: { type: 'String', labelKk: 'Дәріхана', labelRu: 'Аптека', datapath: 'astana_pharmacies.id' },
        priority: { type: 'Int', labelKk: 'Басымдық', labelRu: 'Приоритет' },
      },
    },
  },
};
