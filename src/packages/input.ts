// Turns a package_create/package_update data dict into the rows to write, collecting every problem
// into one CKAN Validation Error (field -> messages, nested for resources and extras). Unknown
// top-level keys are dropped, as CKAN's schema does. The fields are read by the tables of
// src/packages/input/ (core, memberships, tags and extras, passport, resources), in the order below,
// which is the order of the errors.
import crypto from 'node:crypto';
import type { ActionContext } from '../actions/types.ts';
import { asbool } from '../actions/validate.ts';
import { ValidationError } from '../errors.ts';
import { scalarText } from '../coerce.ts';
import { failures, oneOf } from '../validators.ts';
import { type FieldErrorLists, pushError, reconcilePair, translatedInput } from './field-input.ts';
import { type CoreValues, coreInput } from './input/core-fields.ts';
import { groupRefs, ownerInput, sphereInput } from './input/memberships.ts';
import { passportBag, passportFields } from './input/passport-fields.ts';
import { type ResourceInput, resourceList } from './input/resources.ts';
import { extrasList, tagNames } from './input/tags-extras.ts';

export interface PackageInput {
  id: string | null;
  core: CoreValues;
  /** A deleted dataset holds the name: the write renames it to its id first. */
  nameHeldByDeleted: boolean;
  state: string;
  private: boolean;
  type: string;
  owner_org: string | null;
  /** The organization has a code and a structure, so it numbers its passports (read with the rest). */
  ownerNumbers: boolean;
  tags: string[];
  extras: { key: string; value: string }[];
  groupIds: string[];
  sphere: string | null;
  resources: ResourceInput[];
  passport: {
    title_translated: Record<string, string>;
    notes_translated: Record<string, string>;
    priority: string | null;
    relevance: string | null;
    ai_ready: boolean;
    provision: string;
    external_api: string | null;
    update_frequency: string | null;
    update_schedule: Record<string, number> | null;
    bag: Record<string, unknown>;
  };
}

/** The stored dataset an update starts from (what CKAN 2.11 keeps when a key is missing). */
export interface ExistingPackage {
  id: string;
  name: string;
  owner_org: string | null;
  private: boolean;
  state: string;
  title: string | null;
  notes: string | null;
  title_translated: Record<string, string>;
  notes_translated: Record<string, string>;
}

/** The states an author may set (deactivated is package_deactivate's). */
const AUTHOR_STATES = ['active', 'draft', 'deleted'];

/** CKAN 2.11's update keeps the state when it is not sent. A deactivated dataset stays deactivated
 * through its authors' edits: only package_activate restores it (src/packages/status.ts). */
function stateInput(data: Record<string, unknown>, existing: ExistingPackage | null, errors: FieldErrorLists) {
  if (existing?.state === 'deactivated') return 'deactivated';
  const state = (data.state === undefined && existing ? existing.state : scalarText(data.state)) ?? 'active';
  pushError(errors, 'state', ...failures(state, [oneOf(AUTHOR_STATES)]));
  return state;
}

/** title/title_translated and notes/notes_translated, by the one rule for plain/translated pairs. */
function translatedPairs(
  ctx: ActionContext,
  data: Record<string, unknown>,
  core: CoreValues,
  existing: ExistingPackage | null,
  errors: FieldErrorLists,
) {
  const { languages, defaultLanguage } = ctx.config;
  const pair = (plainKey: 'title' | 'notes', trKey: 'title_translated' | 'notes_translated') => {
    const r = reconcilePair(
      {
        plainKey,
        translatedKey: trKey,
        lang: defaultLanguage,
        plain: core[plainKey],
        plainSent: data[plainKey] !== undefined,
        translated: translatedInput(data[trKey], trKey, languages, errors),
        translatedSent: data[trKey] !== undefined,
        // package_show shows a missing title as the name: that is what comes back unchanged.
        stored: existing && {
          shown: plainKey === 'title' ? (existing.title ?? existing.name) : existing.notes,
          plain: existing[plainKey],
          translated: existing[trKey] ?? {},
        },
        keepWhenMissing: false,
      },
      errors,
    );
    core[plainKey] = r.plain;
    return r.translated;
  };
  return { title_translated: pair('title', 'title_translated'), notes_translated: pair('notes', 'notes_translated') };
}

export async function packageInput(
  ctx: ActionContext,
  data: Record<string, unknown>,
  existing: ExistingPackage | null,
): Promise<PackageInput> {
  const errors: FieldErrorLists = {};
  const { core, id, nameHeldByDeleted } = await coreInput(ctx, data, existing?.id ?? null, errors);
  const { isPrivate, owner_org, ownerNumbers } = await ownerInput(ctx, data, existing, errors);
  const state = stateInput(data, existing, errors);
  const type = scalarText(data.type) ?? 'dataset';
  const tags = tagNames(data, errors);
  const extras = extrasList(data, errors);
  const groupIds = await groupRefs(ctx, data, errors);
  const translations = translatedPairs(ctx, data, core, existing, errors);
  const passport = passportFields(data, errors);
  const sphere = await sphereInput(ctx, data, groupIds, errors);
  const bag = passportBag(data, ctx.config.languages, errors);
  const resources = resourceList(data, !!existing, errors);

  if (Object.keys(errors).length) throw new ValidationError(errors);
  return {
    id: id ?? crypto.randomUUID(),
    core,
    nameHeldByDeleted,
    state,
    private: isPrivate,
    type,
    owner_org,
    ownerNumbers,
    tags,
    extras,
    groupIds,
    sphere,
    resources,
    passport: {
      ...translations,
      priority: passport.priority,
      relevance: passport.relevance,
      ai_ready: asbool(data.ai_ready) === true,
      provision: passport.provision,
      external_api: passport.external_api,
      update_frequency: passport.update_frequency,
      update_schedule: passport.update_schedule,
      bag,
    },
  };
}
