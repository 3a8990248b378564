// CKAN's core dataset fields as a table: each is text (an empty one is no value), then the checks below
// run in the table's order, which is the order CKAN reports them in. The name must also be free among
// datasets not deleted, and a sysadmin may choose the id of a new dataset.
import type { ActionContext } from '../../actions/types.ts';
import { scalarText } from '../../coerce.ts';
import { type Check, email, failures, maxLength } from '../../validators.ts';
import { type FieldErrorLists, pushError } from '../field-input.ts';
import { UUID, nameErrors } from '../names.ts';

export const CORE_FIELDS = [
  'name',
  'title',
  'notes',
  'url',
  'version',
  'author',
  'author_email',
  'maintainer',
  'maintainer_email',
  'license_id',
] as const;

type CoreField = (typeof CORE_FIELDS)[number];
export type CoreValues = Record<CoreField, string | null>;

/** CKAN's own wording for the version's limit. */
export const versionLength: Check = (v) => (v.length > 100 ? 'Version must be a maximum of 100 characters long' : null);

/** The checks of the core fields other than the name (whose rules are CKAN's name validator). */
export const CORE_CHECKS: readonly { key: CoreField; checks: readonly Check[] }[] = [
  { key: 'author_email', checks: [email] },
  { key: 'maintainer_email', checks: [email] },
  { key: 'version', checks: [versionLength] },
  { key: 'title', checks: [maxLength(500)] },
];

/** Each core field as text: an object is refused, an empty string is no value. */
export function coreValues(data: Record<string, unknown>, errors: FieldErrorLists): CoreValues {
  const core = {} as CoreValues;
  for (const k of CORE_FIELDS) {
    const v = data[k];
    if (v !== undefined && v !== null && typeof v === 'object') pushError(errors, k, 'Must be a string');
    core[k] = scalarText(v) || null;
  }
  return core;
}

/**
 * The name's errors: CKAN's name rules, then whether another dataset (not deleted) has it. Returns
 * whether a deleted dataset holds it (the write renames that one first; no other write can make a
 * deleted holder appear meanwhile, since an active holder is an error here).
 */
async function checkName(
  ctx: ActionContext,
  name: string | null,
  ownId: string | null,
  errors: FieldErrorLists,
): Promise<boolean> {
  const bad = nameErrors(name);
  pushError(errors, 'name', ...bad);
  if (!name || bad.length) return false;
  const clash = await ctx.db.selectFrom('package').select(['id', 'state']).where('name', '=', name).executeTakeFirst();
  if (!clash || clash.id === ownId) return false;
  if (clash.state !== 'deleted') pushError(errors, 'name', 'That URL is already in use.');
  return clash.state === 'deleted';
}

/** A new dataset's id: chosen by a sysadmin (a UUID not taken), else null (one is made). */
async function chosenId(ctx: ActionContext, sent: unknown, errors: FieldErrorLists): Promise<string | null> {
  if (sent === undefined || sent === null || sent === '') return null;
  if (!ctx.user?.sysadmin) pushError(errors, 'id', 'The input field id was not expected.');
  else if (typeof sent !== 'string' || !UUID.test(sent)) pushError(errors, 'id', 'Invalid id');
  else if (await ctx.db.selectFrom('package').select('id').where('id', '=', sent).executeTakeFirst())
    pushError(errors, 'id', 'Dataset id already exists');
  else return sent.toLowerCase();
  return null;
}

/** The CKAN core fields, the name (unique among datasets not deleted) and a sysadmin's chosen id.
 * `existingId` is the dataset an update changes (null on create). */
export async function coreInput(
  ctx: ActionContext,
  data: Record<string, unknown>,
  existingId: string | null,
  errors: FieldErrorLists,
) {
  const core = coreValues(data, errors);
  const nameHeldByDeleted = await checkName(ctx, core.name, existingId, errors);
  for (const { key, checks } of CORE_CHECKS) pushError(errors, key, ...failures(core[key], checks));
  const id = existingId ?? (await chosenId(ctx, data.id, errors));
  return { core, id, nameHeldByDeleted };
}
