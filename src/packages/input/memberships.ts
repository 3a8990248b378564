// Where a dataset belongs: its organization (and so whether it may be private), its CKAN groups and its
// sphere (a group named in the passport, which the dataset also joins). Each is sent by id or name.
import type { ActionContext } from '../../actions/types.ts';
import { asbool } from '../../actions/validate.ts';
import { atLeast, capacityIn } from '../../auth/permissions.ts';
import { scalarText } from '../../coerce.ts';
import { byRef } from '../../db/ref.ts';
import { type FieldErrorLists, pushError } from '../field-input.ts';

/** What an update keeps when owner_org or private is not sent. */
interface StoredOwner {
  owner_org: string | null;
  private: boolean;
}

async function resolveGroup(ctx: ActionContext, ref: string, organization: boolean) {
  const g = await byRef(ctx.db, 'group', ref);
  return g && g.is_organization === organization ? g : undefined;
}

/** The organization when the caller may put the dataset there, else null with the reason. */
async function ownerOrg(ctx: ActionContext, ref: string, current: string | null | undefined, errors: FieldErrorLists) {
  const org = await resolveGroup(ctx, ref, true);
  if (!org || org.state !== 'active') pushError(errors, 'owner_org', 'Organization does not exist');
  // A deactivated organization keeps its datasets but receives no new ones.
  else if (!org.active && org.id !== current) pushError(errors, 'owner_org', 'Organization is not active');
  else {
    const u = ctx.user;
    const mayUse = u && (u.sysadmin || u.operator || atLeast(await capacityIn(ctx.db, u, org.id), 'editor'));
    // Keeping the dataset in its current organization is always allowed to whoever may edit it.
    if (!mayUse && org.id !== current) pushError(errors, 'owner_org', 'You cannot add a dataset to this organization');
    return org;
  }
  return null;
}

/** owner_org and private: CKAN 2.11's update keeps them when they are not sent (ignore_missing). */
export async function ownerInput(
  ctx: ActionContext,
  data: Record<string, unknown>,
  existing: StoredOwner | null,
  errors: FieldErrorLists,
) {
  const isPrivate = data.private === undefined ? (existing?.private ?? false) : asbool(data.private) === true;
  const orgRef = data.owner_org === undefined && existing ? existing.owner_org : scalarText(data.owner_org);
  if (orgRef) {
    const org = await ownerOrg(ctx, orgRef, existing?.owner_org, errors);
    return { isPrivate, owner_org: org?.id ?? null, ownerNumbers: !!(org?.code && org.structure_code) };
  }
  if (!ctx.config.createUnownedDataset) pushError(errors, 'owner_org', 'An organization must be provided');
  if (isPrivate) pushError(errors, 'private', "Datasets with no organization can't be private.");
  return { isPrivate, owner_org: null, ownerNumbers: false };
}

/** The CKAN groups a dataset is in, by id or name. */
export async function groupRefs(
  ctx: ActionContext,
  data: Record<string, unknown>,
  errors: FieldErrorLists,
): Promise<string[]> {
  const groupIds: string[] = [];
  if (Array.isArray(data.groups)) {
    for (const g of data.groups) {
      const ref =
        g && typeof g === 'object'
          ? (scalarText((g as Record<string, unknown>).id) ?? scalarText((g as Record<string, unknown>).name))
          : scalarText(g);
      const row = ref ? await resolveGroup(ctx, ref, false) : undefined;
      if (!row || row.state !== 'active') pushError(errors, 'groups', `Group "${ref ?? ''}" does not exist`);
      else groupIds.push(row.id);
    }
  } else if (data.groups !== undefined && data.groups !== null && data.groups !== '')
    pushError(errors, 'groups', 'Must be a list of dictionaries');
  return groupIds;
}

/** The sphere's name, or null; the dataset joins the sphere's group (added to `groupIds`). */
export async function sphereInput(
  ctx: ActionContext,
  data: Record<string, unknown>,
  groupIds: string[],
  errors: FieldErrorLists,
): Promise<string | null> {
  const ref = scalarText(data.sphere);
  if (!ref) return null;
  const g = await resolveGroup(ctx, ref, false);
  if (!g || g.state !== 'active') {
    pushError(errors, 'sphere', 'Sphere does not exist');
    return null;
  }
  if (!groupIds.includes(g.id)) groupIds.push(g.id);
  return g.name;
}
