// JSON Schemas of the content actions' inputs, derived from a type's definition.
import type { JsonSchema } from '../actions/types.ts';
import { SORT_KEYS, type ContentType } from './defs.ts';

const translated = { type: ['object', 'string', 'null'], description: 'language code -> text' };
const nullableString = { type: ['string', 'null'] };

export function langProp(languages?: string[]) {
  return {
    type: 'string',
    description: `the language of the resolved fields (title, summary, body); default: the portal's first language${languages ? `, one of ${languages.join(', ')}` : ''}`,
  };
}

export function writeSchema(type: ContentType, update: boolean): JsonSchema {
  const props: Record<string, JsonSchema> = {
    ...(update ? { id: { type: 'string', description: 'id or name of the item' } } : {}),
    name: {
      type: 'string',
      description: 'URL name (slug), unique within the type: 2-100 of a-z 0-9 - _; default: the id',
    },
    title: { type: 'string', description: 'the title in the default language (shorthand)' },
    title_translated: translated,
    summary_translated: translated,
    body_translated: { ...translated, description: 'language code -> body, HTML or Markdown per body_format' },
    body_format: { type: 'string', enum: ['html', 'markdown'] },
    tags: { type: ['array', 'string', 'null'], items: { type: ['string', 'object'] } },
    published: { type: ['string', 'null'], description: 'ISO-8601; until then the item is not public; default: now' },
    active: { type: ['boolean', 'null'], description: 'inactive items are never public (default true)' },
    position: { type: ['integer', 'null'], description: 'ordering for `sort=position asc`' },
    clear_upload: { type: ['boolean', 'string', 'null'], description: 'remove the uploaded file(s)' },
    lang: { type: 'string' },
  };
  if (type.image) {
    props.image_url = nullableString;
    props.image_upload = {
      type: 'string',
      description: 'a picture sent as a multipart/form-data file (PNG, JPEG, GIF, WebP)',
    };
  }
  for (const f of type.fields) {
    props[f.name] =
      f.kind === 'translated'
        ? { ...translated, description: f.description }
        : { type: ['string', 'null'], description: f.description };
    if (f.upload)
      props[f.upload.field] = { type: 'string', description: `a file sent as multipart/form-data; sets ${f.name}` };
  }
  return { type: 'object', properties: props, additionalProperties: false, ...(update ? { required: ['id'] } : {}) };
}

export function listSchema(): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      lang: langProp(),
      q: {
        type: 'string',
        description: "words to find in any language of title, summary, body, tags and the type's text fields",
      },
      tags: { type: ['array', 'string'], items: { type: 'string' }, description: 'only items with all these tags' },
      sort: { type: 'string', enum: SORT_KEYS },
      limit: { type: 'integer', minimum: 1, maximum: 1000 },
      offset: { type: 'integer', minimum: 0 },
      include_inactive: { type: 'boolean', description: 'operators only: also inactive and not yet published items' },
    },
  };
}

export function showSchema(): JsonSchema {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id'],
    properties: { id: { type: 'string', description: 'id or name' }, lang: langProp() },
  };
}
