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

type Holder = { id: string; name: string; state: string };

/**
 * The name's errors: CKAN's name rules, then whether another dataset (not deleted) has it. Returns
 * whether a deleted dataset holds it (the write renames that one first; no other write can make a
 * deleted holder appear meanwhile, since an active holder is an error here). `holders` are the
 * datasets having the name or the chosen id, read once for both checks.
 */
function checkName(name: string | null, ownId: string | null, holders: Holder[], errors: FieldErrorLists): boolean {
  if (!name) return false;
  const clash = holders.find((h) => h.name === name);
  if (!clash || clash.id === ownId) return false;
  if (clash.state !== 'deleted') pushError(errors, 'name', 'That URL is already in use.');
  return clash.state === 'deleted';
}

/** A new dataset's id as sent: a sysadmin may choose one (a UUID); otherwise the error to report. */
function sentId(ctx: ActionContext, sent: unknown): { id: string | null; error?: string } {
  if (sent === undefined || sent === null || sent === '') return { id: null };
  if (!ctx.user?.sysadmin) return { id: null, error: 'The input field id was not expected.' };
  if (typeof sent !== 'string' || !UUID.test(sent)) return { id: null, error: 'Invalid id' };
  return { id: sent.toLowerCase() };
}

/** The datasets holding this name or this id: one query for both checks (a harvest creates thousands
 * of datasets, each with the source's name and id). */
async function holdersOf(ctx: ActionContext, name: string | null, id: string | null): Promise<Holder[]> {
  if (!name && !id) return [];
  return ctx.db
    .selectFrom('package')
    .select(['id', 'name', 'state'])
    .where((eb) => eb.or([...(name ? [eb('name', '=', name)] : []), ...(id ? [eb('id', '=', id)] : [])]))
    .execute();
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
  const bad = nameErrors(core.name);
  pushError(errors, 'name', ...bad);
  const name = bad.length ? null : core.name;
  const chosen = existingId ? { id: null } : sentId(ctx, data.id);
  const holders = await holdersOf(ctx, name, chosen.id);
  const nameHeldByDeleted = checkName(name, existingId, holders, errors);
  for (const { key, checks } of CORE_CHECKS) pushError(errors, key, ...failures(core[key], checks));
  if (chosen.id && holders.some((h) => h.id === chosen.id)) chosen.error = 'Dataset id already exists';
  if (chosen.error) pushError(errors, 'id', chosen.error);
  return { core, id: existingId ?? (chosen.error ? null : chosen.id), nameHeldByDeleted };
}
