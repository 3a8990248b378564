// The structures dictionary: the organizational structures whose code is the S of passport codes.
// A helper module: no default export.
import type { Selectable } from 'kysely';
import type { ActionContext } from '../types.ts';
import type { StructureTable } from '../../db/schema.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { byRef } from '../../db/ref.ts';
import { translatedInput } from '../../packages/field-input.ts';

export type StructureRow = Selectable<StructureTable>;

export function structureDict(s: StructureRow) {
  return { id: s.id, code: s.code, name_translated: s.name_translated };
}

/** An active structure by id or code; CKAN's 404 otherwise. */
export async function requireStructure(ctx: Pick<ActionContext, 'db'>, ref: unknown): Promise<StructureRow> {
  if (typeof ref !== 'string' || !ref) throw new ValidationError({ id: ['Missing value'] });
  const found = await byRef(ctx.db, 'structure', ref);
  const row = found?.state === 'active' ? found : undefined;
  if (!row) throw new NotFound('Structure was not found.');
  return row;
}

/** The code becomes the first segment of passport codes (S-OOO-NNNN), so it holds digits only. */
export const CODE = /^\d{1,3}$/;

export function structureFields(ctx: ActionContext, input: Record<string, unknown>, existing: StructureRow | null) {
  const errors: Record<string, string[]> = {};
  let code = existing?.code ?? null;
  if (!existing || input.code !== undefined) {
    const c = typeof input.code === 'number' ? String(input.code) : input.code;
    if (c === undefined || c === null || c === '') errors.code = ['Missing value'];
    else if (typeof c !== 'string' || !CODE.test(c)) errors.code = ['Must be 1 to 3 digits'];
    else code = c;
  }
  const name_translated =
    input.name_translated !== undefined
      ? translatedInput(input.name_translated, 'name_translated', ctx.config.languages, errors)
      : (existing?.name_translated ?? {});
  return { errors, code, name_translated };
}
