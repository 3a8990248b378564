// The words of the notices about feedback messages, in ru, uz, en, kk and ky. `title` is the dataset's
// title when the message is about one, `code` the message's short reference, `message` the citizen's
// text (to the operators and authors) or the answer (to the sender).
import type { Template } from '../notifications/template.ts';

export type FeedbackNoticeKind =
  | 'feedback_new'
  | 'feedback_forwarded'
  | 'feedback_answered'
  | 'feedback_extended'
  | 'feedback_overdue';
export const FEEDBACK_NOTICE_KINDS: FeedbackNoticeKind[] = [
  'feedback_new',
  'feedback_forwarded',
  'feedback_answered',
  'feedback_extended',
  'feedback_overdue',
];

type Texts = Record<FeedbackNoticeKind, Template>;
const about = (p: { title: string }, word: string) => (p.title ? ` ${word} "${p.title}"` : '');
const aboutQ = (p: { title: string }, word: string) => (p.title ? ` ${word} «${p.title}»` : '');

const en: Texts = {
  feedback_new: {
    subject: (p) => `New feedback${about(p, 'on')} (${p.code})`,
    body: (p) => `A citizen wrote${about(p, 'about')}:\n${p.message}`,
    expected: (p) => `The operator forwards it to the data provider by ${p.by}.`,
  },
  feedback_forwarded: {
    subject: (p) => `Feedback to answer${about(p, 'on')} (${p.code})`,
    body: (p) =>
      `The portal operator forwarded a citizen's message${about(p, 'about')} to ${p.organization}:\n${p.message}`,
    expected: (p) =>
      `Answer it (feedback_answer) by ${p.due}; if it needs more study, extend the term with a reason (feedback_extend).`,
  },
  feedback_answered: {
    subject: (p) => `Answer to your message (${p.code})`,
    body: (p) => `Your message${about(p, 'about')} has been answered:\n${p.message}`,
    expected: () => `Nothing more is needed. Thank you for writing.`,
  },
  feedback_extended: {
    subject: (p) => `Your message (${p.code}) needs more time`,
    body: (p) => `The answer to your message${about(p, 'about')} needs more study. Reason: ${p.reason}`,
    expected: (p) => `You will receive the answer by ${p.due}.`,
  },
  feedback_overdue: {
    subject: (p) => `Overdue feedback (${p.code})${p.organization ? `: ${p.organization}` : ''}`,
    body: (p) => `A citizen's message${about(p, 'about')} was due ${p.due}: ${p.message}, ${p.days} day(s) late.`,
    expected: (p) => `Act on it by ${p.by}; the delay counts in the monitoring report.`,
  },
};

const ru: Texts = {
  feedback_new: {
    subject: (p) => `Новое обращение${aboutQ(p, 'по')} (${p.code})`,
    body: (p) => `Гражданин пишет${aboutQ(p, 'о наборе')}:\n${p.message}`,
    expected: (p) => `Оператор передаёт обращение поставщику данных до ${p.by}.`,
  },
  feedback_forwarded: {
    subject: (p) => `Обращение для ответа${aboutQ(p, 'по')} (${p.code})`,
    body: (p) =>
      `Оператор портала передал в ${p.organization} обращение гражданина${aboutQ(p, 'о наборе')}:\n${p.message}`,
    expected: (p) =>
      `Ответьте (feedback_answer) до ${p.due}; если нужно дополнительное изучение, продлите срок с указанием причины (feedback_extend).`,
  },
  feedback_answered: {
    subject: (p) => `Ответ на ваше обращение (${p.code})`,
    body: (p) => `На ваше обращение${aboutQ(p, 'о наборе')} дан ответ:\n${p.message}`,
    expected: () => `Больше ничего не требуется. Спасибо за обращение.`,
  },
  feedback_extended: {
    subject: (p) => `Срок ответа на обращение (${p.code}) продлён`,
    body: (p) =>
      `Ответ на ваше обращение${aboutQ(p, 'о наборе')} требует дополнительного изучения. Причина: ${p.reason}`,
    expected: (p) => `Вы получите ответ до ${p.due}.`,
  },
  feedback_overdue: {
    subject: (p) => `Просрочено обращение (${p.code})${p.organization ? `: ${p.organization}` : ''}`,
    body: (p) =>
      `Обращение гражданина${aboutQ(p, 'о наборе')} со сроком ${p.due}: ${p.message}; просрочка, дней: ${p.days}.`,
    expected: (p) => `Примите меры до ${p.by}; просрочка учитывается в отчёте мониторинга.`,
  },
};

const uz: Texts = {
  feedback_new: {
    subject: (p) => `Yangi murojaat${p.title ? ` “${p.title}” boʻyicha` : ''} (${p.code})`,
    body: (p) => `Fuqaro${p.title ? ` “${p.title}” toʻplami haqida` : ''} yozmoqda:\n${p.message}`,
    expected: (p) => `Operator murojaatni ${p.by} gacha maʼlumot egasiga yuboradi.`,
  },
  feedback_forwarded: {
    subject: (p) => `Javob berilishi kerak boʻlgan murojaat${p.title ? ` “${p.title}” boʻyicha` : ''} (${p.code})`,
    body: (p) => `Portal operatori ${p.organization} ga fuqaro murojaatini yubordi:\n${p.message}`,
    expected: (p) =>
      `${p.due} gacha javob bering (feedback_answer); qoʻshimcha oʻrganish kerak boʻlsa, sababini koʻrsatib muddatni uzaytiring (feedback_extend).`,
  },
  feedback_answered: {
    subject: (p) => `Murojaatingizga javob (${p.code})`,
    body: (p) => `Murojaatingizga${p.title ? ` (“${p.title}”)` : ''} javob berildi:\n${p.message}`,
    expected: () => `Boshqa hech narsa talab qilinmaydi. Murojaatingiz uchun rahmat.`,
  },
  feedback_extended: {
    subject: (p) => `Murojaatingizga (${p.code}) javob muddati uzaytirildi`,
    body: (p) => `Murojaatingizga javob qoʻshimcha oʻrganishni talab qiladi. Sabab: ${p.reason}`,
    expected: (p) => `Javobni ${p.due} gacha olasiz.`,
  },
  feedback_overdue: {
    subject: (p) => `Muddati oʻtgan murojaat (${p.code})${p.organization ? `: ${p.organization}` : ''}`,
    body: (p) =>
      `Fuqaro murojaati${p.title ? ` (“${p.title}”)` : ''}, muddati ${p.due}: ${p.message}; kechikish, kun: ${p.days}.`,
    expected: (p) => `${p.by} gacha chora koʻring; kechikish monitoring hisobotida hisobga olinadi.`,
  },
};

const kk: Texts = {
  feedback_new: {
    subject: (p) => `Жаңа өтініш${aboutQ(p, 'бойынша:')} (${p.code})`,
    body: (p) => `Азамат жазады${aboutQ(p, 'жиынтық туралы:')}:\n${p.message}`,
    expected: (p) => `Оператор өтінішті ${p.by} дейін деректер жеткізушісіне жібереді.`,
  },
  feedback_forwarded: {
    subject: (p) => `Жауап беруге арналған өтініш${aboutQ(p, 'бойынша:')} (${p.code})`,
    body: (p) => `Портал операторы ${p.organization} ұйымына азаматтың өтінішін жіберді:\n${p.message}`,
    expected: (p) =>
      `${p.due} дейін жауап беріңіз (feedback_answer); қосымша зерделеу қажет болса, себебін көрсетіп мерзімді ұзартыңыз (feedback_extend).`,
  },
  feedback_answered: {
    subject: (p) => `Өтінішіңізге жауап (${p.code})`,
    body: (p) => `Өтінішіңізге${aboutQ(p, '')} жауап берілді:\n${p.message}`,
    expected: () => `Басқа ештеңе талап етілмейді. Өтінішіңіз үшін рахмет.`,
  },
  feedback_extended: {
    subject: (p) => `Өтінішіңізге (${p.code}) жауап беру мерзімі ұзартылды`,
    body: (p) => `Өтінішіңізге жауап қосымша зерделеуді қажет етеді. Себебі: ${p.reason}`,
    expected: (p) => `Жауапты ${p.due} дейін аласыз.`,
  },
  feedback_overdue: {
    subject: (p) => `Мерзімі өткен өтініш (${p.code})${p.organization ? `: ${p.organization}` : ''}`,
    body: (p) => `Азаматтың өтініші${aboutQ(p, '')}, мерзімі ${p.due}: ${p.message}; кешіктірілген күндер: ${p.days}.`,
    expected: (p) => `${p.by} дейін шара қабылдаңыз; кешігу мониторинг есебінде ескеріледі.`,
  },
};

const ky: Texts = {
  feedback_new: {
    subject: (p) => `Жаңы кайрылуу${aboutQ(p, 'боюнча:')} (${p.code})`,
    body: (p) => `Жаран жазат${aboutQ(p, 'топтом тууралуу:')}:\n${p.message}`,
    expected: (p) => `Оператор кайрылууну ${p.by} чейин маалымат берүүчүгө жөнөтөт.`,
  },
  feedback_forwarded: {
    subject: (p) => `Жооп берилүүчү кайрылуу${aboutQ(p, 'боюнча:')} (${p.code})`,
    body: (p) => `Порталдын оператору ${p.organization} уюмуна жарандын кайрылуусун жөнөттү:\n${p.message}`,
    expected: (p) =>
      `${p.due} чейин жооп бериңиз (feedback_answer); кошумча изилдөө керек болсо, себебин көрсөтүп мөөнөттү узартыңыз (feedback_extend).`,
  },
  feedback_answered: {
    subject: (p) => `Кайрылууңузга жооп (${p.code})`,
    body: (p) => `Кайрылууңузга${aboutQ(p, '')} жооп берилди:\n${p.message}`,
    expected: () => `Башка эч нерсе талап кылынбайт. Кайрылганыңыз үчүн рахмат.`,
  },
  feedback_extended: {
    subject: (p) => `Кайрылууңузга (${p.code}) жооп берүү мөөнөтү узартылды`,
    body: (p) => `Кайрылууңузга жооп кошумча изилдөөнү талап кылат. Себеби: ${p.reason}`,
    expected: (p) => `Жоопту ${p.due} чейин аласыз.`,
  },
  feedback_overdue: {
    subject: (p) => `Мөөнөтү өткөн кайрылуу (${p.code})${p.organization ? `: ${p.organization}` : ''}`,
    body: (p) => `Жарандын кайрылуусу${aboutQ(p, '')}, мөөнөтү ${p.due}: ${p.message}; кечиккен күндөр: ${p.days}.`,
    expected: (p) => `${p.by} чейин чара көрүңүз; кечигүү мониторинг отчетунда эсепке алынат.`,
  },
};

export const FEEDBACK_TEXTS: Record<string, Texts> = { en, ru, uz, kk, ky };
