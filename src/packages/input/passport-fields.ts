// The passport's own fields as tables: the enumerated ones (values from src/packages/passport.ts) with
// their defaults, the external API address, the update schedule, and the free-form part (contacts,
// keywords, coverage) checked for shape only. Errors come in the tables' order.
import { scalarText } from '../../coerce.ts';
import { type Check, failures, oneOf, pattern } from '../../validators.ts';
import { type FieldErrorLists, pushError } from '../field-input.ts';
import { emailErrors } from '../names.ts';
import { PASSPORT_ENUMS, type PassportEnumField } from '../passport.ts';
import { parseIso } from '../time.ts';
import { updateSchedule } from './update-schedule.ts';

/** Each enumerated field and the value it takes when not sent or not allowed. */
export const PASSPORT_ENUM_DEFAULTS: Record<PassportEnumField, string | null> = {
  priority: null,
  relevance: null,
  provision: 'manual',
  update_frequency: null,
};

/** Only the scheme is checked: the address is the publisher's, called by the external puller. */
export const httpScheme: Check = pattern(/^https?:\/\//i, 'Must be an http(s) URL');

/** The enumerated field's value: its default when not sent or not one of the allowed values. */
function enumValue(data: Record<string, unknown>, key: PassportEnumField, errors: FieldErrorLists) {
  const v = scalarText(data[key]) || null;
  const bad = failures(v, [oneOf(PASSPORT_ENUMS[key])]);
  pushError(errors, key, ...bad);
  return v === null || bad.length ? PASSPORT_ENUM_DEFAULTS[key] : v;
}

/** priority, relevance, provision, update_frequency, external_api and update_schedule. */
export function passportFields(data: Record<string, unknown>, errors: FieldErrorLists) {
  const priority = enumValue(data, 'priority', errors);
  const relevance = enumValue(data, 'relevance', errors);
  const provision = enumValue(data, 'provision', errors) as string;
  const update_frequency = enumValue(data, 'update_frequency', errors);
  const external_api = scalarText(data.external_api) || null;
  // An external passport is pulled from its API: it needs one.
  if (provision === 'external' && !external_api) pushError(errors, 'external_api', 'Missing value');
  pushError(errors, 'external_api', ...failures(external_api, [httpScheme]));
  const update_schedule = updateSchedule(update_frequency, data.update_schedule, errors);
  return { priority, relevance, provision, update_frequency, external_api, update_schedule };
}

/** A check of a free-form value: its error messages (the portal languages given for translations). */
type ShapeCheck = (v: unknown, languages: readonly string[]) => string[];

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

const isString = (s: unknown) => typeof s === 'string';

/** {language code: [keyword, ...]} for portal languages only. */
export const keywordLists: ShapeCheck = (v, languages) =>
  isPlainObject(v) &&
  Object.entries(v).every(([l, list]) => languages.includes(l) && Array.isArray(list) && list.every(isString))
    ? []
    : ['Must be an object of language code -> list of strings'];

/** A contact person: an object whose e-mail, when given, is well formed. */
export const contact: ShapeCheck = (v) =>
  isPlainObject(v) ? emailErrors(v.email) : ['Must be an object {fullname_translated, phone, email}'];

/** An ISO 8601 date or instant. */
export const isoDateText: ShapeCheck = (v) => (typeof v === 'string' && parseIso(v) ? [] : ['Date format incorrect']);

/** The free-form fields kept as sent (when not empty), each with its shape check. */
export const PASSPORT_BAG: readonly { key: string; check: ShapeCheck | null }[] = [
  { key: 'keywords_translated', check: keywordLists },
  { key: 'responsible', check: contact },
  { key: 'owner', check: contact },
  { key: 'spatial_uri', check: null },
  { key: 'temporal_start', check: isoDateText },
  { key: 'temporal_end', check: isoDateText },
];

/** The passport's free-form part, checked for shape. */
export function passportBag(
  data: Record<string, unknown>,
  languages: readonly string[],
  errors: FieldErrorLists,
): Record<string, unknown> {
  const bag: Record<string, unknown> = {};
  for (const { key, check } of PASSPORT_BAG) {
    const v = data[key];
    if (v === undefined || v === null || v === '') continue;
    bag[key] = v;
    if (check) pushError(errors, key, ...check(v, languages));
  }
  return bag;
}
