// How to earn an indicator's missing points, in the caller's language (en, ru, uz; other languages
// fall back to the base language, then English). Pasport's own words, naming the package fields the
// mapping reads.
type Texts = { en: string; ru: string; uz: string };

export const HINTS: Record<string, Texts> = {
  keyword: {
    en: 'Add keywords (keywords_translated or tags).',
    ru: 'Добавьте ключевые слова (keywords_translated или теги).',
    uz: "Kalit so'zlarni qo'shing (keywords_translated yoki teglar).",
  },
  theme: {
    en: 'Assign the dataset to a sphere: it gives the EU data theme.',
    ru: 'Отнесите набор к сфере: она задаёт тему данных ЕС.',
    uz: "To'plamni sohaga biriktiring: u YeI ma'lumotlar mavzusini beradi.",
  },
  spatial: {
    en: 'Set spatial_uri (a country, place or GeoNames IRI).',
    ru: 'Укажите spatial_uri (IRI страны, места или GeoNames).',
    uz: "spatial_uri ni ko'rsating (davlat, joy yoki GeoNames IRI).",
  },
  temporal: {
    en: 'Set temporal_start and/or temporal_end (the period the data covers).',
    ru: 'Укажите temporal_start и/или temporal_end (период, который охватывают данные).',
    uz: "temporal_start va/yoki temporal_end ni ko'rsating (ma'lumotlar qamrab olgan davr).",
  },
  access_url_status: {
    en: 'Fix the resource URLs that do not answer with a success status (see detail).',
    ru: 'Исправьте ссылки ресурсов, которые не отвечают успешным статусом (см. detail).',
    uz: 'Muvaffaqiyatli holat bilan javob bermayotgan resurs havolalarini tuzating (detail ga qarang).',
  },
  download_url: {
    en: 'Give every file resource a direct download URL (not an API).',
    ru: 'Дайте каждому файловому ресурсу прямую ссылку на скачивание (не API).',
    uz: "Har bir fayl resursiga to'g'ridan-to'g'ri yuklab olish havolasini bering (API emas).",
  },
  download_url_status: {
    en: 'Make the download URLs reachable (a 2xx answer).',
    ru: 'Сделайте ссылки на скачивание доступными (ответ 2xx).',
    uz: 'Yuklab olish havolalarini ochiq qiling (2xx javob).',
  },
  format: {
    en: 'Set a known format on the resources (CSV, JSON, XLSX, ...).',
    ru: 'Укажите у ресурсов известный формат (CSV, JSON, XLSX, ...).',
    uz: "Resurslarda ma'lum formatni ko'rsating (CSV, JSON, XLSX, ...).",
  },
  media_type: {
    en: 'Set the resource mimetype (an IANA media type such as text/csv).',
    ru: 'Укажите mimetype ресурса (тип IANA, например text/csv).',
    uz: "Resurs mimetype ni ko'rsating (IANA turi, masalan text/csv).",
  },
  format_vocabulary: {
    en: 'Use a format from the EU file-type list or an IANA media type.',
    ru: 'Используйте формат из списка типов файлов ЕС или тип IANA.',
    uz: "YeI fayl turlari ro'yxatidagi format yoki IANA turidan foydalaning.",
  },
  non_proprietary: {
    en: 'Publish at least one resource in an open format (CSV, JSON, XML, ODS, ...).',
    ru: 'Опубликуйте хотя бы один ресурс в открытом формате (CSV, JSON, XML, ODS, ...).',
    uz: "Kamida bitta resursni ochiq formatda e'lon qiling (CSV, JSON, XML, ODS, ...).",
  },
  machine_readable: {
    en: 'Publish at least one resource in a machine-readable format (CSV, JSON, XML, XLSX, ...).',
    ru: 'Опубликуйте хотя бы один ресурс в машиночитаемом формате (CSV, JSON, XML, XLSX, ...).',
    uz: "Kamida bitta resursni mashina o'qiy oladigan formatda e'lon qiling (CSV, JSON, XML, XLSX, ...).",
  },
  dcat_ap_compliance: {
    en: 'Fix what DCAT-AP validation reports for this dataset (dcat_validate).',
    ru: 'Исправьте то, о чём сообщает проверка DCAT-AP для этого набора (dcat_validate).',
    uz: "Ushbu to'plam uchun DCAT-AP tekshiruvi xabar bergan kamchiliklarni tuzating (dcat_validate).",
  },
  licence: {
    en: 'Choose a licence (license_id).',
    ru: 'Выберите лицензию (license_id).',
    uz: 'Litsenziyani tanlang (license_id).',
  },
  licence_vocabulary: {
    en: 'Choose a licence known to the EU licence list (e.g. cc-by, cc-zero, odc-by).',
    ru: 'Выберите лицензию из списка лицензий ЕС (например cc-by, cc-zero, odc-by).',
    uz: "YeI litsenziyalar ro'yxatidagi litsenziyani tanlang (masalan cc-by, cc-zero, odc-by).",
  },
  access_rights: {
    en: 'Access rights are written for public datasets; publish the dataset.',
    ru: 'Права доступа указываются для публичных наборов; опубликуйте набор.',
    uz: "Kirish huquqlari ommaviy to'plamlar uchun yoziladi; to'plamni e'lon qiling.",
  },
  access_rights_vocabulary: {
    en: 'Access rights come from the EU access-right list for public datasets.',
    ru: 'Права доступа берутся из списка ЕС для публичных наборов.',
    uz: "Kirish huquqlari ommaviy to'plamlar uchun YeI ro'yxatidan olinadi.",
  },
  contact_point: {
    en: 'Fill the responsible contact (name, e-mail or phone).',
    ru: 'Заполните контакт ответственного (имя, e-mail или телефон).',
    uz: "Mas'ul shaxs kontaktini to'ldiring (ism, e-mail yoki telefon).",
  },
  publisher: {
    en: 'Assign the dataset to an organization.',
    ru: 'Отнесите набор к организации.',
    uz: "To'plamni tashkilotga biriktiring.",
  },
  rights: {
    en: 'Describe the rights of each resource (the resource field rights).',
    ru: 'Опишите права на каждый ресурс (поле ресурса rights).',
    uz: 'Har bir resurs huquqlarini tavsiflang (resursning rights maydoni).',
  },
  byte_size: {
    en: 'Give each resource its size in bytes (upload the file, or set size).',
    ru: 'Укажите размер каждого ресурса в байтах (загрузите файл или задайте size).',
    uz: "Har bir resurs hajmini baytlarda ko'rsating (faylni yuklang yoki size ni bering).",
  },
  issued: {
    en: 'Set when the dataset was issued.',
    ru: 'Укажите дату выпуска набора.',
    uz: "To'plam chiqarilgan sanani ko'rsating.",
  },
  modified: {
    en: 'Set when the dataset was last modified.',
    ru: 'Укажите дату последнего изменения набора.',
    uz: "To'plam oxirgi o'zgartirilgan sanani ko'rsating.",
  },
  timeliness_overdue: {
    en: 'Update the data: the next update is overdue (package_data_updated).',
    ru: 'Обновите данные: срок следующего обновления пропущен (package_data_updated).',
    uz: "Ma'lumotlarni yangilang: keyingi yangilash muddati o'tgan (package_data_updated).",
  },
  timeliness_on_time: {
    en: 'Update the data by each deadline of its schedule; late updates lower this share.',
    ru: 'Обновляйте данные к каждому сроку графика; опоздания снижают эту долю.',
    uz: "Ma'lumotlarni jadvalning har bir muddatigacha yangilang; kechikishlar bu ulushni kamaytiradi.",
  },
  languages: {
    en: 'Fill the title and description in every required language (see detail.missing).',
    ru: 'Заполните название и описание на каждом обязательном языке (см. detail.missing).',
    uz: "Sarlavha va tavsifni har bir majburiy tilda to'ldiring (detail.missing ga qarang).",
  },
  datastore_descriptor: {
    en: 'Give each DataStore table a descriptor (descriptor_update).',
    ru: 'Добавьте дескриптор каждой таблице DataStore (descriptor_update).',
    uz: "Har bir DataStore jadvaliga deskriptor qo'shing (descriptor_update).",
  },
};

export const HINT_LANGUAGES = ['en', 'ru', 'uz'] as const;

/** The hint language for a requested language: itself, its base (uz-Cyrl -> uz), else English. */
export function hintLanguage(lang: string | null | undefined): (typeof HINT_LANGUAGES)[number] {
  const l = (lang ?? '').toLowerCase();
  const base = l.split('-')[0];
  return (HINT_LANGUAGES as readonly string[]).includes(l)
    ? (l as 'en')
    : (HINT_LANGUAGES as readonly string[]).includes(base)
      ? (base as 'en')
      : 'en';
}

export function hint(id: string, lang: string | null | undefined): string {
  return HINTS[id]?.[hintLanguage(lang)] ?? HINTS[id]?.en ?? '';
}
