// A notice rendered in one recipient's language: the dataset's and organization's titles in that
// language (falling back to the portal's default, then any), the template of that language.
import { TEXTS, moduleTemplate, type NoticeKind, type Template, type TextParams } from './texts.ts';
import { kk, ky, type PartialTexts } from './texts-kk-ky.ts';

/** Languages whose tables may lack a notice kind: that kind is then written in Russian. */
const PARTIAL: Record<string, PartialTexts> = { kk, ky };

export interface Titled {
  title?: string | null;
  title_translated?: Record<string, string> | null;
  name?: string | null;
}

/** The language whose texts a recipient gets: theirs when we have texts for it, else Russian, else English. */
export function textLanguage(lang: string): string {
  return TEXTS[lang] || PARTIAL[lang] ? lang : TEXTS.ru ? 'ru' : 'en';
}

function template(kind: NoticeKind, lang: string): Template {
  const l = textLanguage(lang);
  const t = PARTIAL[l]?.[kind] ?? TEXTS[l]?.[kind] ?? TEXTS.ru[kind];
  if (!t) throw new Error(`no text for the notice ${kind}`);
  return t;
}

export function titleIn(x: Titled | null | undefined, lang: string, fallback: string): string {
  if (!x) return '';
  const tr = x.title_translated ?? {};
  return tr[lang] || tr[fallback] || x.title || Object.values(tr).find(Boolean) || x.name || '';
}

export interface Rendered {
  subject: string;
  body: string;
  expected: string;
}

export function render(kind: NoticeKind, lang: string, params: Partial<TextParams>): Rendered {
  const t = moduleTemplate(kind, lang) ?? template(kind, lang);
  const p: TextParams = {
    title: '',
    code: '',
    organization: '',
    due: '',
    days: 0,
    escalate_on: '',
    reason: '',
    message: '',
    by: '',
    count: 0,
    lines: '',
    ...params,
  };
  return { subject: t.subject(p), body: t.body(p), expected: t.expected(p) };
}
