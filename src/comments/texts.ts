// The notices of the comment workflow, per portal language (merged into src/notifications/texts.ts).
import type { Template } from '../notifications/template.ts';

export type CommentNoticeKind = 'comment_approved' | 'comment_rejected';
export const COMMENT_NOTICE_KINDS: CommentNoticeKind[] = ['comment_approved', 'comment_rejected'];

type Texts = Record<CommentNoticeKind, Template>;

const en: Texts = {
  comment_approved: {
    subject: (p) => `Your comment on "${p.title}" is published`,
    body: (p) =>
      `The portal operator approved your comment on "${p.title}" (${p.code}); it is now shown with the dataset.`,
    expected: () => 'Nothing more is needed.',
  },
  comment_rejected: {
    subject: (p) => `Your comment on "${p.title}" was not published`,
    body: (p) => `The portal operator did not publish your comment on "${p.title}" (${p.code}). Reason: ${p.reason}`,
    expected: () => 'You may write a new comment that follows the portal rules.',
  },
};

const ru: Texts = {
  comment_approved: {
    subject: (p) => `Ваш комментарий к «${p.title}» опубликован`,
    body: (p) =>
      `Оператор портала одобрил ваш комментарий к набору «${p.title}» (${p.code}); теперь он показан в паспорте набора.`,
    expected: () => 'Больше ничего делать не нужно.',
  },
  comment_rejected: {
    subject: (p) => `Ваш комментарий к «${p.title}» не опубликован`,
    body: (p) =>
      `Оператор портала не опубликовал ваш комментарий к набору «${p.title}» (${p.code}). Причина: ${p.reason}`,
    expected: () => 'Вы можете написать новый комментарий с учётом правил портала.',
  },
};

const uz: Texts = {
  comment_approved: {
    subject: (p) => `"${p.title}" haqidagi izohingiz e'lon qilindi`,
    body: (p) =>
      `Portal operatori "${p.title}" (${p.code}) to'plami haqidagi izohingizni ma'qulladi; u endi to'plam pasportida ko'rsatiladi.`,
    expected: () => 'Boshqa hech narsa talab qilinmaydi.',
  },
  comment_rejected: {
    subject: (p) => `"${p.title}" haqidagi izohingiz e'lon qilinmadi`,
    body: (p) =>
      `Portal operatori "${p.title}" (${p.code}) to'plami haqidagi izohingizni e'lon qilmadi. Sabab: ${p.reason}`,
    expected: () => 'Portal qoidalariga mos yangi izoh yozishingiz mumkin.',
  },
};

const uzCyrl: Texts = {
  comment_approved: {
    subject: (p) => `«${p.title}» ҳақидаги изоҳингиз эълон қилинди`,
    body: (p) =>
      `Портал оператори «${p.title}» (${p.code}) тўплами ҳақидаги изоҳингизни маъқуллади; у энди тўплам паспортида кўрсатилади.`,
    expected: () => 'Бошқа ҳеч нарса талаб қилинмайди.',
  },
  comment_rejected: {
    subject: (p) => `«${p.title}» ҳақидаги изоҳингиз эълон қилинмади`,
    body: (p) =>
      `Портал оператори «${p.title}» (${p.code}) тўплами ҳақидаги изоҳингизни эълон қилмади. Сабаб: ${p.reason}`,
    expected: () => 'Портал қоидаларига мос янги изоҳ ёзишингиз мумкин.',
  },
};

export const COMMENT_TEXTS: Record<string, Texts> = { en, ru, uz, 'uz-Cyrl': uzCyrl };
