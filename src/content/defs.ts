// The content types: one definition per concept. Everything else (input checks, storage, the six
// actions of each type, the Atom feed) is generic and reads these tables, so a new type is one entry.
import type { UploadKind } from './uploads/sniff.ts';

export type SortKey =
  | 'published desc'
  | 'published asc'
  | 'position asc'
  | 'title asc'
  | 'title desc'
  | 'modified desc';
export const SORT_KEYS: SortKey[] = [
  'published desc',
  'published asc',
  'position asc',
  'title asc',
  'title desc',
  'modified desc',
];

/** A field of one type only, kept in the item's `fields` and returned as a top-level key. */
export interface ExtraField {
  name: string;
  kind: 'text' | 'translated' | 'date' | 'url';
  required?: boolean;
  description: string;
  /** Returned in list cards too, not only by *_show. */
  inList?: boolean;
  /** A multipart field whose uploaded file becomes this (url) field's value. */
  upload?: { field: string; kind: UploadKind };
  maxLength?: number;
}

export interface ContentType {
  /** Stored type and action prefix: `news` gives news_create, news_show, ... */
  type: string;
  label: string;
  plural: string;
  /** Why the portal has it (help_show and OpenAPI). */
  about: string;
  fields: ExtraField[];
  /** Accepts `image_url` or an `image_upload` file (news pictures). */
  image: boolean;
  /** A card shows the body itself (a glossary definition, an FAQ answer). */
  bodyInList: boolean;
  defaultSort: SortKey;
  /** An extra field whose date becomes `published` when none is given. */
  publishedFrom?: string;
}

export const CONTENT_TYPES: ContentType[] = [
  {
    type: 'news',
    label: 'news item',
    plural: 'news',
    about: 'News of the portal, with a picture, shown newest first and in the Atom feed /news.atom?lang=xx.',
    fields: [],
    image: true,
    bodyInList: false,
    defaultSort: 'published desc',
  },
  {
    type: 'page',
    label: 'page',
    plural: 'pages',
    about: 'Static pages of the portal ("About the portal", "Terms of use", "About open data"), found by their name.',
    fields: [],
    image: false,
    bodyInList: false,
    defaultSort: 'position asc',
  },
  {
    type: 'instruction',
    label: 'instruction',
    plural: 'instructions',
    about: 'Instructions for working with the portal; an inactive instruction is not shown publicly.',
    fields: [],
    image: false,
    bodyInList: false,
    defaultSort: 'position asc',
  },
  {
    type: 'glossary_term',
    label: 'glossary term',
    plural: 'glossary terms',
    about: 'Terms of open data with their definitions (the body), listed alphabetically in the requested language.',
    fields: [],
    image: false,
    bodyInList: true,
    defaultSort: 'title asc',
  },
  {
    type: 'faq',
    label: 'question and answer',
    plural: 'questions and answers',
    about: 'Frequently asked questions: the title is the question, the body the answer.',
    fields: [],
    image: false,
    bodyInList: true,
    defaultSort: 'position asc',
  },
  {
    type: 'legal_act',
    label: 'legal act',
    plural: 'legal acts',
    about:
      'Laws and regulations on open data, with number, date and issuing body, linked or attached; an inactive act is not shown publicly.',
    fields: [
      {
        name: 'number',
        kind: 'text',
        required: true,
        inList: true,
        maxLength: 100,
        description: 'the number of the act (e.g. "ПП-4699")',
      },
      {
        name: 'date',
        kind: 'date',
        required: true,
        inList: true,
        description: 'the date the act was adopted, YYYY-MM-DD',
      },
      {
        name: 'issuing_body_translated',
        kind: 'translated',
        inList: true,
        description: 'who issued it, per portal language',
      },
      { name: 'url', kind: 'url', inList: true, description: 'a link to the official text' },
      {
        name: 'file_url',
        kind: 'url',
        inList: true,
        upload: { field: 'file_upload', kind: 'document' },
        description: 'the attached text; upload it as `file_upload` (PDF, DOCX, ODT, DOC)',
      },
    ],
    image: false,
    bodyInList: false,
    defaultSort: 'published desc',
    publishedFrom: 'date',
  },
];

export const CONTENT_TYPE_BY_NAME = new Map(CONTENT_TYPES.map((t) => [t.type, t]));
