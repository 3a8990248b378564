// CKAN's name rules for datasets, groups and organizations (ckan/logic/validators.py name_validator).
export const NAME_PATTERN = /^[a-z0-9_-]+$/;
const RESERVED = new Set(['new', 'edit', 'search']);

/** The messages CKAN gives for a bad name, or [] when it is fine. */
export function nameErrors(name: unknown): string[] {
  if (typeof name !== 'string' || name === '') return ['Missing value'];
  const errs: string[] = [];
  if (name.length < 2) errs.push('Must be at least 2 characters long');
  if (name.length > 100) errs.push('Name must be a maximum of 100 characters long');
  if (!NAME_PATTERN.test(name))
    errs.push('Must be purely lowercase alphanumeric (ascii) characters and these symbols: -_');
  if (RESERVED.has(name)) errs.push('That name cannot be used');
  return errs;
}

export { UUID } from '../db/ref.ts';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export function emailErrors(v: unknown): string[] {
  if (v === null || v === undefined || v === '') return [];
  return typeof v === 'string' && EMAIL.test(v) ? [] : [`Email ${String(v)} is not a valid format`];
}

const TAG_CHARS = /^[\p{L}\p{N}_ .-]+$/u;
export function tagErrors(name: string): string[] {
  const errs: string[] = [];
  if (name.length < 2) errs.push(`Tag "${name}" length is less than minimum 2`);
  if (name.length > 100) errs.push(`Tag "${name}" length is more than maximum 100`);
  if (!TAG_CHARS.test(name))
    errs.push(
      `Tag "${name}" can only contain alphanumeric characters, spaces (" "), hyphens ("-"), underscores ("_") or dots (".")`,
    );
  return errs;
}
