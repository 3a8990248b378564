// The words of every notice, per portal language. Each notice says what happened (subject, body), to
// which dataset, what is expected and by when (expected). Texts are our own; dates are ISO days
// (YYYY-MM-DD), which read the same in every language. A portal language without texts here falls
// back to Russian, then English (see render.ts).
import type { Template } from './template.ts';
import { COMMENT_NOTICE_KINDS, COMMENT_TEXTS, type CommentNoticeKind } from '../comments/texts.ts';
import { REQUEST_NOTICE_KINDS, REQUEST_TEXTS, citizenLanguage, type RequestNoticeKind } from '../requests/texts.ts';
import { FEEDBACK_NOTICE_KINDS, FEEDBACK_TEXTS, type FeedbackNoticeKind } from '../feedback/texts.ts';

type CoreKind =
  | 'update_reminder'
  | 'update_overdue'
  | 'update_escalation'
  | 'operator_digest'
  | 'package_deactivated'
  | 'package_fix_submitted'
  | 'package_activated'
  | 'external_pull_failed';
/** Modules keep their own notices' texts (src/comments/texts.ts) and are merged in here. */
export type NoticeKind = CoreKind | CommentNoticeKind | RequestNoticeKind | FeedbackNoticeKind;

export const NOTICE_KINDS: NoticeKind[] = [
  'update_reminder',
  'update_overdue',
  'update_escalation',
  'operator_digest',
  'package_deactivated',
  'package_fix_submitted',
  'package_activated',
  ...COMMENT_NOTICE_KINDS,
  'external_pull_failed',
  ...REQUEST_NOTICE_KINDS,
  ...FEEDBACK_NOTICE_KINDS,
];

export type { Template, TextParams } from './template.ts';

type Texts = Record<CoreKind, Template>;

const en: Texts = {
  update_reminder: {
    subject: (p) => `Reminder: update "${p.title}" by ${p.due}`,
    body: (p) => `The data of "${p.title}" (${p.code}) must be updated by ${p.due}: ${p.days} working day(s) left.`,
    expected: (p) =>
      `Publish the updated data by ${p.due}. A file upload, a new resource URL, a DataStore load or package_data_updated each count as an update.`,
  },
  update_overdue: {
    subject: (p) => `Overdue: "${p.title}" was due ${p.due}`,
    body: (p) =>
      `The update deadline of "${p.title}" (${p.code}) was ${p.due} and no update has been recorded: ${p.days} day(s) overdue.`,
    expected: (p) =>
      `Update the data now, by ${p.escalate_on} at the latest: after that the delay is reported to your organization's administrators and the portal operator.`,
  },
  update_escalation: {
    subject: (p) => `Escalation: "${p.title}" (${p.organization}) is ${p.days} working days overdue`,
    body: (p) =>
      `"${p.title}" (${p.code}) of ${p.organization} missed its update deadline of ${p.due} and is still not updated ${p.days} working days later.`,
    expected: (p) =>
      `Make sure the organization updates the data by ${p.by}; the delay counts in the quarterly monitoring report.`,
  },
  operator_digest: {
    subject: (p) => `Daily digest ${p.due}: ${p.count} dataset(s) overdue`,
    body: (p) => `Datasets overdue on ${p.due}:\n${p.lines}`,
    expected: (p) => `Review the overdue datasets by ${p.by}; the organizations were notified automatically.`,
  },
  package_deactivated: {
    subject: (p) => `Deactivated: "${p.title}"`,
    body: (p) =>
      `The portal operator deactivated "${p.title}" (${p.code}); it is hidden from the public until it is fixed. Reason: ${p.reason}`,
    expected: (p) =>
      `Fix the problem and report it with package_fix_submitted by ${p.by}; the operator then reviews and activates the dataset.`,
  },
  package_fix_submitted: {
    subject: (p) => `Fix submitted: "${p.title}"`,
    body: (p) =>
      `The organization ${p.organization} reports that "${p.title}" (${p.code}) has been fixed: ${p.message}`,
    expected: (p) =>
      `Review the dataset by ${p.by} and activate it with package_activate, or deactivate it again with a reason.`,
  },
  package_activated: {
    subject: (p) => `Activated: "${p.title}"`,
    body: (p) => `The portal operator activated "${p.title}" (${p.code}) again; it is public.`,
    expected: () => `Nothing more is needed; keep the data updated on schedule.`,
  },
  external_pull_failed: {
    subject: (p) => `Data not loaded: "${p.title}"`,
    body: (p) =>
      `Pasport fetched the external source of "${p.title}" (${p.code}) and loaded nothing: ${p.count} problem(s). First problems:\n${p.message}`,
    expected: () =>
      `Correct the data or the source settings (external_source_update); check them with external_source_test. The next scheduled pull tries again.`,
  },
};

const ru: Texts = {
  update_reminder: {
    subject: (p) => `Напоминание: обновите «${p.title}» до ${p.due}`,
    body: (p) =>
      `Данные набора «${p.title}» (${p.code}) должны быть обновлены до ${p.due}; осталось рабочих дней: ${p.days}.`,
    expected: (p) =>
      `Опубликуйте обновлённые данные до ${p.due}. Обновлением считается загрузка файла, новая ссылка на ресурс, загрузка в DataStore или вызов package_data_updated.`,
  },
  update_overdue: {
    subject: (p) => `Просрочено: «${p.title}», срок ${p.due}`,
    body: (p) =>
      `Срок обновления набора «${p.title}» (${p.code}) истёк ${p.due}, обновление не зарегистрировано; дней просрочки: ${p.days}.`,
    expected: (p) =>
      `Обновите данные незамедлительно, не позднее ${p.escalate_on}: после этого просрочка передаётся руководителям организации и оператору портала.`,
  },
  update_escalation: {
    subject: (p) => `Эскалация: «${p.title}» (${p.organization}), рабочих дней просрочки: ${p.days}`,
    body: (p) =>
      `Набор «${p.title}» (${p.code}) организации «${p.organization}» не обновлён к сроку ${p.due} и спустя рабочих дней: ${p.days} всё ещё не обновлён.`,
    expected: (p) =>
      `Обеспечьте обновление данных организацией до ${p.by}; просрочка учитывается в ежеквартальном отчёте мониторинга.`,
  },
  operator_digest: {
    subject: (p) => `Сводка за ${p.due}: просроченных наборов: ${p.count}`,
    body: (p) => `Наборы, просроченные на ${p.due}:\n${p.lines}`,
    expected: (p) => `Рассмотрите просроченные наборы до ${p.by}; организации уведомлены автоматически.`,
  },
  package_deactivated: {
    subject: (p) => `Деактивирован: «${p.title}»`,
    body: (p) =>
      `Оператор портала деактивировал набор «${p.title}» (${p.code}); до исправления он скрыт от пользователей. Причина: ${p.reason}`,
    expected: (p) =>
      `Устраните ошибку и сообщите об исправлении (package_fix_submitted) до ${p.by}; затем оператор проверит и активирует набор.`,
  },
  package_fix_submitted: {
    subject: (p) => `Исправлено: «${p.title}»`,
    body: (p) => `Организация «${p.organization}» сообщает, что набор «${p.title}» (${p.code}) исправлен: ${p.message}`,
    expected: (p) =>
      `Проверьте набор до ${p.by} и активируйте его (package_activate) либо снова деактивируйте с указанием причины.`,
  },
  package_activated: {
    subject: (p) => `Активирован: «${p.title}»`,
    body: (p) => `Оператор портала снова активировал набор «${p.title}» (${p.code}); он доступен пользователям.`,
    expected: () => `Больше ничего не требуется; обновляйте данные в установленные сроки.`,
  },
  external_pull_failed: {
    subject: (p) => `Данные не загружены: «${p.title}»`,
    body: (p) =>
      `Pasport получил данные внешнего источника набора «${p.title}» (${p.code}) и ничего не загрузил; проблем: ${p.count}. Первые из них:\n${p.message}`,
    expected: () =>
      `Исправьте данные или настройки источника (external_source_update) и проверьте их (external_source_test). Следующая плановая загрузка повторит попытку.`,
  },
};

const uz: Texts = {
  update_reminder: {
    subject: (p) => `Eslatma: “${p.title}” ni ${p.due} gacha yangilang`,
    body: (p) =>
      `“${p.title}” (${p.code}) ma'lumotlar to'plami ${p.due} gacha yangilanishi kerak; qolgan ish kunlari: ${p.days}.`,
    expected: (p) =>
      `Yangilangan ma'lumotlarni ${p.due} gacha e'lon qiling. Fayl yuklash, resursning yangi havolasi, DataStore'ga yuklash yoki package_data_updated yangilanish hisoblanadi.`,
  },
  update_overdue: {
    subject: (p) => `Muddati o'tdi: “${p.title}”, muddat ${p.due}`,
    body: (p) =>
      `“${p.title}” (${p.code}) to'plamini yangilash muddati ${p.due} kuni tugadi, yangilanish qayd etilmagan; kechikkan kunlar: ${p.days}.`,
    expected: (p) =>
      `Ma'lumotlarni zudlik bilan, ${p.escalate_on} dan kechiktirmay yangilang: shundan so'ng kechikish tashkilot rahbariyati va portal operatoriga yuboriladi.`,
  },
  update_escalation: {
    subject: (p) => `Eskalatsiya: “${p.title}” (${p.organization}), kechikkan ish kunlari: ${p.days}`,
    body: (p) =>
      `“${p.organization}” tashkilotining “${p.title}” (${p.code}) to'plami ${p.due} muddatgacha yangilanmagan va ${p.days} ish kunidan keyin ham yangilanmagan.`,
    expected: (p) =>
      `Tashkilot ma'lumotlarni ${p.by} gacha yangilashini ta'minlang; kechikish choraklik monitoring hisobotida hisobga olinadi.`,
  },
  operator_digest: {
    subject: (p) => `${p.due} kungi xulosa: muddati o'tgan to'plamlar: ${p.count}`,
    body: (p) => `${p.due} holatiga muddati o'tgan to'plamlar:\n${p.lines}`,
    expected: (p) =>
      `Muddati o'tgan to'plamlarni ${p.by} gacha ko'rib chiqing; tashkilotlarga avtomatik xabar yuborildi.`,
  },
  package_deactivated: {
    subject: (p) => `Faolsizlantirildi: “${p.title}”`,
    body: (p) =>
      `Portal operatori “${p.title}” (${p.code}) to'plamini faolsizlantirdi; tuzatilgunga qadar u foydalanuvchilardan yashirilgan. Sabab: ${p.reason}`,
    expected: (p) =>
      `Xatoni tuzating va ${p.by} gacha tuzatilganini xabar qiling (package_fix_submitted); so'ng operator tekshirib, to'plamni faollashtiradi.`,
  },
  package_fix_submitted: {
    subject: (p) => `Tuzatildi: “${p.title}”`,
    body: (p) =>
      `“${p.organization}” tashkiloti “${p.title}” (${p.code}) to'plami tuzatilganini xabar qilmoqda: ${p.message}`,
    expected: (p) =>
      `To'plamni ${p.by} gacha tekshiring va faollashtiring (package_activate) yoki sababini ko'rsatib qayta faolsizlantiring.`,
  },
  package_activated: {
    subject: (p) => `Faollashtirildi: “${p.title}”`,
    body: (p) =>
      `Portal operatori “${p.title}” (${p.code}) to'plamini qayta faollashtirdi; u foydalanuvchilarga ochiq.`,
    expected: () => `Boshqa hech narsa talab qilinmaydi; ma'lumotlarni belgilangan muddatlarda yangilab boring.`,
  },
  external_pull_failed: {
    subject: (p) => `Ma'lumot yuklanmadi: “${p.title}”`,
    body: (p) =>
      `Pasport “${p.title}” (${p.code}) tashqi manbasidan ma'lumot oldi, lekin hech narsa yuklamadi; muammolar soni: ${p.count}. Birinchilari:\n${p.message}`,
    expected: () =>
      `Ma'lumotni yoki manba sozlamalarini tuzating (external_source_update) va tekshiring (external_source_test). Keyingi rejali yuklash qayta urinadi.`,
  },
};

const uzCyrl: Texts = {
  update_reminder: {
    subject: (p) => `Эслатма: “${p.title}” ни ${p.due} гача янгиланг`,
    body: (p) =>
      `“${p.title}” (${p.code}) маълумотлар тўплами ${p.due} гача янгиланиши керак; қолган иш кунлари: ${p.days}.`,
    expected: (p) =>
      `Янгиланган маълумотларни ${p.due} гача эълон қилинг. Файл юклаш, ресурснинг янги ҳаволаси, DataStore'га юклаш ёки package_data_updated янгиланиш ҳисобланади.`,
  },
  update_overdue: {
    subject: (p) => `Муддати ўтди: “${p.title}”, муддат ${p.due}`,
    body: (p) =>
      `“${p.title}” (${p.code}) тўпламини янгилаш муддати ${p.due} куни тугади, янгиланиш қайд этилмаган; кечиккан кунлар: ${p.days}.`,
    expected: (p) =>
      `Маълумотларни зудлик билан, ${p.escalate_on} дан кечиктирмай янгиланг: шундан сўнг кечикиш ташкилот раҳбарияти ва портал операторига юборилади.`,
  },
  update_escalation: {
    subject: (p) => `Эскалация: “${p.title}” (${p.organization}), кечиккан иш кунлари: ${p.days}`,
    body: (p) =>
      `“${p.organization}” ташкилотининг “${p.title}” (${p.code}) тўплами ${p.due} муддатгача янгиланмаган ва ${p.days} иш кунидан кейин ҳам янгиланмаган.`,
    expected: (p) =>
      `Ташкилот маълумотларни ${p.by} гача янгилашини таъминланг; кечикиш чораклик мониторинг ҳисоботида ҳисобга олинади.`,
  },
  operator_digest: {
    subject: (p) => `${p.due} кунги хулоса: муддати ўтган тўпламлар: ${p.count}`,
    body: (p) => `${p.due} ҳолатига муддати ўтган тўпламлар:\n${p.lines}`,
    expected: (p) => `Муддати ўтган тўпламларни ${p.by} гача кўриб чиқинг; ташкилотларга автоматик хабар юборилди.`,
  },
  package_deactivated: {
    subject: (p) => `Фаолсизлантирилди: “${p.title}”`,
    body: (p) =>
      `Портал оператори “${p.title}” (${p.code}) тўпламини фаолсизлантирди; тузатилгунга қадар у фойдаланувчилардан яширилган. Сабаб: ${p.reason}`,
    expected: (p) =>
      `Хатони тузатинг ва ${p.by} гача тузатилганини хабар қилинг (package_fix_submitted); сўнг оператор текшириб, тўпламни фаоллаштиради.`,
  },
  package_fix_submitted: {
    subject: (p) => `Тузатилди: “${p.title}”`,
    body: (p) =>
      `“${p.organization}” ташкилоти “${p.title}” (${p.code}) тўплами тузатилганини хабар қилмоқда: ${p.message}`,
    expected: (p) =>
      `Тўпламни ${p.by} гача текширинг ва фаоллаштиринг (package_activate) ёки сабабини кўрсатиб қайта фаолсизлантиринг.`,
  },
  package_activated: {
    subject: (p) => `Фаоллаштирилди: “${p.title}”`,
    body: (p) => `Портал оператори “${p.title}” (${p.code}) тўпламини қайта фаоллаштирди; у фойдаланувчиларга очиқ.`,
    expected: () => `Бошқа ҳеч нарса талаб қилинмайди; маълумотларни белгиланган муддатларда янгилаб боринг.`,
  },
  external_pull_failed: {
    subject: (p) => `Маълумот юкланмади: “${p.title}”`,
    body: (p) =>
      `Pasport “${p.title}” (${p.code}) ташқи манбасидан маълумот олди, лекин ҳеч нарса юкламади; муаммолар сони: ${p.count}. Биринчилари:\n${p.message}`,
    expected: () =>
      `Маълумотни ёки манба созламаларини тузатинг (external_source_update) ва текширинг (external_source_test). Кейинги режали юклаш қайта уринади.`,
  },
};

// Request and feedback notices are found by moduleTemplate (they have kk and ky texts of their own).
const merged = (lang: string, core: Texts): Partial<Record<NoticeKind, Template>> => ({
  ...core,
  ...COMMENT_TEXTS[lang],
});

export const TEXTS: Record<string, Partial<Record<NoticeKind, Template>>> = {
  en: merged('en', en),
  ru: merged('ru', ru),
  uz: merged('uz', uz),
  'uz-Cyrl': merged('uz-Cyrl', uzCyrl),
};

/** Modules' own notices (citizens' requests and feedback) carry texts in ru, uz, en, kk and ky. */
const MODULE_TEXTS: Record<string, Record<string, Template>>[] = [REQUEST_TEXTS, FEEDBACK_TEXTS];

export function moduleTemplate(kind: NoticeKind, lang: string): Template | undefined {
  for (const texts of MODULE_TEXTS) {
    const t = texts[citizenLanguage(lang)]?.[kind];
    if (t) return t;
  }
  return undefined;
}
