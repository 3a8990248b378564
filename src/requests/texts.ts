// The words of the notices about dataset requests, in ru, uz, en, kk and ky (src/notifications renders
// them like its own). `title` is the request's title, `code` its short reference, `message` the new
// status in the recipient's language (statusWord) or, for a vote confirmation, the link to follow.
import type { Template } from '../notifications/template.ts';

export type RequestNoticeKind =
  | 'request_new'
  | 'request_status'
  | 'request_forwarded'
  | 'request_overdue'
  | 'request_vote_confirm';
export const REQUEST_NOTICE_KINDS: RequestNoticeKind[] = [
  'request_new',
  'request_status',
  'request_forwarded',
  'request_overdue',
  'request_vote_confirm',
];

export const REQUEST_STATUSES = ['new', 'voting', 'forwarded', 'accepted', 'refused', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

const WORDS: Record<string, Record<RequestStatus, string>> = {
  en: {
    new: 'registered',
    voting: 'published for voting',
    forwarded: 'sent to the data provider',
    accepted: 'fulfilled: the data is published',
    refused: 'refused',
    closed: 'closed',
  },
  ru: {
    new: 'зарегистрирован',
    voting: 'опубликован для голосования',
    forwarded: 'направлен поставщику данных',
    accepted: 'выполнен: данные опубликованы',
    refused: 'отклонён',
    closed: 'закрыт',
  },
  uz: {
    new: 'roʻyxatga olindi',
    voting: 'ovoz berish uchun eʼlon qilindi',
    forwarded: 'maʼlumot egasiga yuborildi',
    accepted: 'bajarildi: maʼlumotlar eʼlon qilindi',
    refused: 'rad etildi',
    closed: 'yopildi',
  },
  kk: {
    new: 'тіркелді',
    voting: 'дауыс беруге жарияланды',
    forwarded: 'деректер иесіне жіберілді',
    accepted: 'орындалды: деректер жарияланды',
    refused: 'қабылданбады',
    closed: 'жабылды',
  },
  ky: {
    new: 'катталды',
    voting: 'добуш берүүгө жарыяланды',
    forwarded: 'маалымат ээсине жөнөтүлдү',
    accepted: 'аткарылды: маалыматтар жарыяланды',
    refused: 'четке кагылды',
    closed: 'жабылды',
  },
};

/** The language of citizen texts: uz-Cyrl readers get Russian (no Cyrillic Uzbek texts here yet). */
export function citizenLanguage(lang: string): string {
  return WORDS[lang] ? lang : 'ru';
}

export function statusWord(status: string, lang: string): string {
  return WORDS[citizenLanguage(lang)][status as RequestStatus] ?? status;
}

type Texts = Record<RequestNoticeKind, Template>;

const en: Texts = {
  request_new: {
    subject: (p) => `New dataset request: "${p.title}"`,
    body: (p) => `A dataset request was registered (${p.code}): "${p.title}".\n${p.message}`,
    expected: (p) =>
      `Review it and publish it for voting (request_publish_for_voting) or close it with a reason by ${p.by}.`,
  },
  request_status: {
    subject: (p) => `Your dataset request "${p.title}" is ${p.message}`,
    body: (p) =>
      `The dataset request "${p.title}" (${p.code}) is now ${p.message}.${p.reason ? ` Reason: ${p.reason}` : ''}${p.lines ? `\n${p.lines}` : ''}`,
    expected: (p) =>
      p.due
        ? `Expected by ${p.due}. You will be told of every further change.`
        : `Nothing is needed from you; you will be told of every further change.`,
  },
  request_forwarded: {
    subject: (p) => `Dataset request for ${p.organization}: "${p.title}"`,
    body: (p) =>
      `Citizens ask ${p.organization} to publish "${p.title}" (${p.code}), supported by ${p.count} vote(s).\n${p.message}`,
    expected: (p) =>
      `Publish the data and link its passport (request_accept) by ${p.due}, or refuse with a reason (request_refuse) by ${p.by}.`,
  },
  request_overdue: {
    subject: (p) => `Overdue dataset request: "${p.title}" (${p.organization})`,
    body: (p) =>
      `The dataset request "${p.title}" (${p.code}) sent to ${p.organization} has had no answer by ${p.due}: ${p.days} day(s) late (${p.message}).`,
    expected: (p) => `Answer it now: publish the data (request_accept) by ${p.by} or refuse with a reason.`,
  },
  request_vote_confirm: {
    subject: (p) => `Confirm your vote for "${p.title}"`,
    body: (p) =>
      `Someone (we hope you) voted with this address for the dataset request "${p.title}". To confirm the vote, open:\n${p.message}`,
    expected: () => `If it was not you, ignore this message: the vote is not counted without confirmation.`,
  },
};

const ru: Texts = {
  request_new: {
    subject: (p) => `Новый запрос на данные: «${p.title}»`,
    body: (p) => `Зарегистрирован запрос на набор данных (${p.code}): «${p.title}».\n${p.message}`,
    expected: (p) =>
      `Рассмотрите его и опубликуйте для голосования (request_publish_for_voting) или закройте с указанием причины до ${p.by}.`,
  },
  request_status: {
    subject: (p) => `Ваш запрос «${p.title}»: ${p.message}`,
    body: (p) =>
      `Запрос на набор данных «${p.title}» (${p.code}): ${p.message}.${p.reason ? ` Причина: ${p.reason}` : ''}${p.lines ? `\n${p.lines}` : ''}`,
    expected: (p) =>
      p.due
        ? `Ожидаемый срок: ${p.due}. Вы получите уведомление о каждом изменении.`
        : `От вас ничего не требуется; вы получите уведомление о каждом изменении.`,
  },
  request_forwarded: {
    subject: (p) => `Запрос на данные для ${p.organization}: «${p.title}»`,
    body: (p) =>
      `Граждане просят ${p.organization} опубликовать «${p.title}» (${p.code}); голосов в поддержку: ${p.count}.\n${p.message}`,
    expected: (p) =>
      `Опубликуйте данные и укажите их паспорт (request_accept) до ${p.due} или откажите с указанием причины (request_refuse) до ${p.by}.`,
  },
  request_overdue: {
    subject: (p) => `Просрочен запрос на данные: «${p.title}» (${p.organization})`,
    body: (p) =>
      `На запрос «${p.title}» (${p.code}), направленный в ${p.organization}, нет ответа к сроку ${p.due}; просрочка, дней: ${p.days} (${p.message}).`,
    expected: (p) =>
      `Ответьте немедленно: опубликуйте данные (request_accept) до ${p.by} или откажите с указанием причины.`,
  },
  request_vote_confirm: {
    subject: (p) => `Подтвердите голос за «${p.title}»`,
    body: (p) =>
      `С этого адреса отдан голос за запрос на набор данных «${p.title}». Чтобы подтвердить голос, откройте ссылку:\n${p.message}`,
    expected: () => `Если это были не вы, проигнорируйте письмо: без подтверждения голос не учитывается.`,
  },
};

const uz: Texts = {
  request_new: {
    subject: (p) => `Maʼlumotlarga yangi soʻrov: “${p.title}”`,
    body: (p) => `Maʼlumotlar toʻplamiga soʻrov roʻyxatga olindi (${p.code}): “${p.title}”.\n${p.message}`,
    expected: (p) =>
      `Uni koʻrib chiqing va ${p.by} gacha ovoz berish uchun eʼlon qiling (request_publish_for_voting) yoki sababini koʻrsatib yoping.`,
  },
  request_status: {
    subject: (p) => `“${p.title}” soʻrovingiz: ${p.message}`,
    body: (p) =>
      `“${p.title}” (${p.code}) maʼlumotlar soʻrovi: ${p.message}.${p.reason ? ` Sabab: ${p.reason}` : ''}${p.lines ? `\n${p.lines}` : ''}`,
    expected: (p) =>
      p.due
        ? `Kutilayotgan muddat: ${p.due}. Har bir oʻzgarish haqida xabar olasiz.`
        : `Sizdan hech narsa talab qilinmaydi; har bir oʻzgarish haqida xabar olasiz.`,
  },
  request_forwarded: {
    subject: (p) => `${p.organization} uchun maʼlumot soʻrovi: “${p.title}”`,
    body: (p) =>
      `Fuqarolar ${p.organization} dan “${p.title}” (${p.code}) ni eʼlon qilishni soʻramoqda; qoʻllab-quvvatlagan ovozlar: ${p.count}.\n${p.message}`,
    expected: (p) =>
      `Maʼlumotlarni ${p.due} gacha eʼlon qiling va pasportini koʻrsating (request_accept) yoki ${p.by} gacha sababini koʻrsatib rad eting (request_refuse).`,
  },
  request_overdue: {
    subject: (p) => `Muddati oʻtgan soʻrov: “${p.title}” (${p.organization})`,
    body: (p) =>
      `${p.organization} ga yuborilgan “${p.title}” (${p.code}) soʻroviga ${p.due} muddatgacha javob berilmadi; kechikish, kun: ${p.days} (${p.message}).`,
    expected: (p) =>
      `Zudlik bilan javob bering: maʼlumotlarni ${p.by} gacha eʼlon qiling (request_accept) yoki sababini koʻrsatib rad eting.`,
  },
  request_vote_confirm: {
    subject: (p) => `“${p.title}” uchun ovozingizni tasdiqlang`,
    body: (p) =>
      `Ushbu manzildan “${p.title}” maʼlumotlar soʻroviga ovoz berildi. Ovozni tasdiqlash uchun havolani oching:\n${p.message}`,
    expected: () => `Agar bu siz boʻlmasangiz, xatni eʼtiborsiz qoldiring: tasdiqlanmagan ovoz hisobga olinmaydi.`,
  },
};

const kk: Texts = {
  request_new: {
    subject: (p) => `Деректерге жаңа сұраныс: «${p.title}»`,
    body: (p) => `Деректер жиынтығына сұраныс тіркелді (${p.code}): «${p.title}».\n${p.message}`,
    expected: (p) =>
      `Оны қарап, ${p.by} дейін дауыс беруге жариялаңыз (request_publish_for_voting) немесе себебін көрсетіп жабыңыз.`,
  },
  request_status: {
    subject: (p) => `«${p.title}» сұранысыңыз: ${p.message}`,
    body: (p) =>
      `«${p.title}» (${p.code}) деректер сұранысы: ${p.message}.${p.reason ? ` Себебі: ${p.reason}` : ''}${p.lines ? `\n${p.lines}` : ''}`,
    expected: (p) =>
      p.due
        ? `Күтілетін мерзім: ${p.due}. Әрбір өзгеріс туралы хабарлама аласыз.`
        : `Сізден ештеңе талап етілмейді; әрбір өзгеріс туралы хабарлама аласыз.`,
  },
  request_forwarded: {
    subject: (p) => `${p.organization} үшін деректер сұранысы: «${p.title}»`,
    body: (p) =>
      `Азаматтар ${p.organization} ұйымынан «${p.title}» (${p.code}) жариялауды сұрайды; қолдаған дауыстар: ${p.count}.\n${p.message}`,
    expected: (p) =>
      `Деректерді ${p.due} дейін жариялап, паспортын көрсетіңіз (request_accept) немесе ${p.by} дейін себебін көрсетіп бас тартыңыз (request_refuse).`,
  },
  request_overdue: {
    subject: (p) => `Мерзімі өткен сұраныс: «${p.title}» (${p.organization})`,
    body: (p) =>
      `${p.organization} ұйымына жіберілген «${p.title}» (${p.code}) сұранысына ${p.due} мерзіміне дейін жауап берілмеді; кешіктірілген күндер: ${p.days} (${p.message}).`,
    expected: (p) =>
      `Дереу жауап беріңіз: деректерді ${p.by} дейін жариялаңыз (request_accept) немесе себебін көрсетіп бас тартыңыз.`,
  },
  request_vote_confirm: {
    subject: (p) => `«${p.title}» үшін дауысыңызды растаңыз`,
    body: (p) =>
      `Осы мекенжайдан «${p.title}» деректер сұранысына дауыс берілді. Дауысты растау үшін сілтемені ашыңыз:\n${p.message}`,
    expected: () => `Егер бұл сіз болмасаңыз, хатты елемеңіз: расталмаған дауыс есепке алынбайды.`,
  },
};

const ky: Texts = {
  request_new: {
    subject: (p) => `Маалыматтарга жаңы суроо-талап: «${p.title}»`,
    body: (p) => `Маалымат топтомуна суроо-талап катталды (${p.code}): «${p.title}».\n${p.message}`,
    expected: (p) =>
      `Аны карап чыгып, ${p.by} чейин добуш берүүгө жарыялаңыз (request_publish_for_voting) же себебин көрсөтүп жабыңыз.`,
  },
  request_status: {
    subject: (p) => `«${p.title}» суроо-талабыңыз: ${p.message}`,
    body: (p) =>
      `«${p.title}» (${p.code}) маалымат суроо-талабы: ${p.message}.${p.reason ? ` Себеби: ${p.reason}` : ''}${p.lines ? `\n${p.lines}` : ''}`,
    expected: (p) =>
      p.due
        ? `Күтүлгөн мөөнөт: ${p.due}. Ар бир өзгөрүү тууралуу билдирүү аласыз.`
        : `Сизден эч нерсе талап кылынбайт; ар бир өзгөрүү тууралуу билдирүү аласыз.`,
  },
  request_forwarded: {
    subject: (p) => `${p.organization} үчүн маалымат суроо-талабы: «${p.title}»`,
    body: (p) =>
      `Жарандар ${p.organization} уюмунан «${p.title}» (${p.code}) жарыялоону суранат; колдогон добуштар: ${p.count}.\n${p.message}`,
    expected: (p) =>
      `Маалыматтарды ${p.due} чейин жарыялап, паспортун көрсөтүңүз (request_accept) же ${p.by} чейин себебин көрсөтүп баш тартыңыз (request_refuse).`,
  },
  request_overdue: {
    subject: (p) => `Мөөнөтү өткөн суроо-талап: «${p.title}» (${p.organization})`,
    body: (p) =>
      `${p.organization} уюмуна жөнөтүлгөн «${p.title}» (${p.code}) суроо-талабына ${p.due} мөөнөтүнө чейин жооп берилген жок; кечиккен күндөр: ${p.days} (${p.message}).`,
    expected: (p) =>
      `Тез арада жооп бериңиз: маалыматтарды ${p.by} чейин жарыялаңыз (request_accept) же себебин көрсөтүп баш тартыңыз.`,
  },
  request_vote_confirm: {
    subject: (p) => `«${p.title}» үчүн добушуңузду ырастаңыз`,
    body: (p) =>
      `Бул даректен «${p.title}» маалымат суроо-талабына добуш берилди. Добушту ырастоо үчүн шилтемени ачыңыз:\n${p.message}`,
    expected: () => `Эгер бул сиз болбосоңуз, катты көңүлгө албаңыз: ырасталбаган добуш эсепке алынбайт.`,
  },
};

export const REQUEST_TEXTS: Record<string, Texts> = { en, ru, uz, kk, ky };

/** Which clock an overdue notice is about: the answer (refusal window) or the publication. */
const STAGES: Record<string, Record<'response' | 'publish' | 'forward' | 'answer', string>> = {
  en: {
    response: 'no answer within the refusal period',
    publish: 'the data is not published in time',
    forward: 'not forwarded to the provider in time',
    answer: 'not answered in time',
  },
  ru: {
    response: 'нет ответа в срок для отказа',
    publish: 'данные не опубликованы в срок',
    forward: 'не передано поставщику в срок',
    answer: 'нет ответа в срок',
  },
  uz: {
    response: 'rad etish muddatida javob yoʻq',
    publish: 'maʼlumotlar oʻz vaqtida eʼlon qilinmadi',
    forward: 'maʼlumot egasiga oʻz vaqtida yuborilmadi',
    answer: 'oʻz vaqtida javob berilmadi',
  },
  kk: {
    response: 'бас тарту мерзімінде жауап жоқ',
    publish: 'деректер мерзімінде жарияланбады',
    forward: 'жеткізушіге мерзімінде жіберілмеді',
    answer: 'мерзімінде жауап берілмеді',
  },
  ky: {
    response: 'баш тартуу мөөнөтүндө жооп жок',
    publish: 'маалыматтар өз убагында жарыяланган жок',
    forward: 'берүүчүгө өз убагында жөнөтүлгөн жок',
    answer: 'өз убагында жооп берилген жок',
  },
};

export function stageWord(stage: 'response' | 'publish' | 'forward' | 'answer', lang: string): string {
  return STAGES[citizenLanguage(lang)][stage];
}
