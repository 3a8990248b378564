// The operator/author split of the seeds (PASPORT_OPERATOR_WORKFLOW, on by default): operators create
// passports, choose the responsible organization and set the passport's control fields; authors
// (editors and admins of the organization) fill titles, descriptions, contacts, resources and data.
// And the languages in which a passport must have a title and a description (PASPORT_REQUIRED_LANGUAGES).
//
// API: RESERVED_FIELDS; isOperatorLike(user); keepReservedFields(ctx, data, row) before parsing an update;
// checkReservedFields(ctx, parsed, row) after; checkRequiredLanguages(ctx, parsed).
import type { ActionContext, AuthUser } from '../actions/types.ts';
import type { PackageTable } from '../db/schema.ts';
import type { Selectable } from 'kysely';
import { NotAuthorized, ValidationError } from '../errors.ts';
import type { PackageInput } from './input.ts';

export const RESERVED_FIELDS = [
  'owner_org',
  'sphere',
  'priority',
  'relevance',
  'ai_ready',
  'update_frequency',
  'update_schedule',
] as const;
type Reserved = (typeof RESERVED_FIELDS)[number];

/** Operators and sysadmins; a call without a user is the service itself (CLI, jobs). */
export function isOperatorLike(user: AuthUser | null): boolean {
  return !user || user.sysadmin || user.operator;
}

function applies(ctx: ActionContext): boolean {
  return ctx.config.operatorWorkflow && !isOperatorLike(ctx.user);
}

function current(row: Selectable<PackageTable>, k: Reserved): unknown {
  return k === 'update_schedule' ? row.update_schedule : row[k];
}

/**
 * An author's package_update that leaves a reserved field out keeps its value (they may not clear it);
 * whatever is sent is compared after parsing.
 */
export function keepReservedFields(
  ctx: ActionContext,
  data: Record<string, unknown>,
  row: Selectable<PackageTable>,
): Record<string, unknown> {
  if (!applies(ctx)) return data;
  const out = { ...data };
  for (const k of RESERVED_FIELDS) if (out[k] === undefined) out[k] = current(row, k);
  return out;
}

function canonical(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'null';
  if (typeof v === 'object' && !Array.isArray(v))
    return JSON.stringify(
      Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))),
    );
  return JSON.stringify(v);
}

export function checkReservedFields(ctx: ActionContext, parsed: PackageInput, row: Selectable<PackageTable>): void {
  if (!applies(ctx)) return;
  const now: Record<Reserved, unknown> = {
    owner_org: parsed.owner_org,
    sphere: parsed.sphere,
    priority: parsed.passport.priority,
    relevance: parsed.passport.relevance,
    ai_ready: parsed.passport.ai_ready,
    update_frequency: parsed.passport.update_frequency,
    update_schedule: parsed.passport.update_schedule,
  };
  const changed = RESERVED_FIELDS.filter((k) => canonical(now[k]) !== canonical(current(row, k)));
  if (changed.length)
    throw new NotAuthorized(
      `User ${ctx.user?.name ?? ''} not authorized to change ${changed.join(', ')}: the operator sets them`,
    );
}

export function checkRequiredLanguages(ctx: ActionContext, parsed: PackageInput): void {
  const errors: Record<string, string[]> = {};
  for (const field of ['title_translated', 'notes_translated'] as const) {
    const values = parsed.passport[field];
    const missing = ctx.config.requiredLanguages.filter((l) => !values[l]?.trim());
    if (missing.length) errors[field] = [`Missing value in: ${missing.join(', ')}`];
  }
  if (Object.keys(errors).length) throw new ValidationError(errors);
}
