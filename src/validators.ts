// Small named validators for declarative field tables (CKAN's schemas read the same way: a field, then
// the checks it passes). Each takes the field's text and returns the CKAN error message, or null.
import { emailErrors } from './packages/names.ts';

export type Check = (value: string) => string | null;

export const pattern =
  (re: RegExp, message: string): Check =>
  (v) =>
    re.test(v) ? null : message;

export const maxLength =
  (n: number): Check =>
  (v) =>
    v.length > n ? `Must be a maximum of ${n} characters long` : null;

export const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    values.includes(v) ? null : `Value must be one of: ${values.join(', ')}`;

export const httpUrl: Check = pattern(/^https?:\/\/\S+$/i, 'Must be an http(s) URL');

export const email: Check = (v) => emailErrors(v)[0] ?? null;

/** The messages of every check the value fails, in the table's order. */
export function failures(value: string | null, checks: readonly Check[]): string[] {
  if (value === null) return [];
  return checks.map((c) => c(value)).filter((m): m is string => m !== null);
}
