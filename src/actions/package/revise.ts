import { defineAction } from '../types.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { packageEdit, type PackageRow } from '../../auth/rules.ts';
import { findPackageRow, loadPackage } from '../../packages/dictize.ts';
import { applyFilter, applyFlatUpdates, deepMerge } from '../../packages/revise.ts';

const dictOrJson = { type: ['object', 'string'] };
const listOrString = { type: ['array', 'string'], items: { type: 'string' } };

function asDict(v: unknown, field: string): Record<string, unknown> {
  if (v === undefined || v === null || v === '') return {};
  const parsed =
    typeof v === 'string'
      ? (() => {
          try {
            return JSON.parse(v);
          } catch {
            return null;
          }
        })()
      : v;
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new ValidationError({ [field]: ['Must be a dictionary'] });
  return parsed as Record<string, unknown>;
}

const matchRef = (match: Record<string, unknown>) => (match.id ?? match.name) as string | undefined;

function asList(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map(String);
  const s = String(v);
  if (s.trim().startsWith('[')) {
    try {
      return (JSON.parse(s) as unknown[]).map(String);
    } catch {
      /* treated as one glob */
    }
  }
  return [s];
}

export default defineAction({
  name: 'package_revise',
  tag: 'datasets',
  description: `Change a dataset only if it still matches what the caller expects.

:param match: fields (at least id or name) whose current values must equal those given
:param filter: globs such as "-resources__1" or ["+title", "-*"] removing fields before the update
:param update: a dict deep-merged into the dataset
:param update__resources__<index or id prefix>__<field>: flattened updates; update__resources__extend appends
:param include: globs selecting the fields of the returned dataset
:rtype: {"package": dataset}`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { match: dictOrJson, filter: listOrString, update: dictOrJson, include: listOrString },
  },
  // `match` may arrive as JSON text: the dataset is found from the parsed match, by the same function
  // the handler reads it with, so the rule checks the dataset that is changed.
  resolve: async (ctx, input: Record<string, unknown>) => {
    let ref: unknown;
    try {
      ref = matchRef(asDict(input.match, 'match'));
    } catch {
      return undefined;
    }
    return typeof ref === 'string' && ref ? findPackageRow(ctx.db, ref) : undefined;
  },
  auth: packageEdit,
  async handler(ctx, input: Record<string, unknown>, row?: PackageRow) {
    const match = asDict(input.match, 'match');
    const ref = matchRef(match);
    if (!ref) throw new ValidationError({ match__id: 'Missing value' });
    if (!row) throw new NotFound('Package was not found.');
    const current = (await loadPackage(ctx.db, row.id, ctx.config))!;
    const mismatched = Object.entries(match)
      .filter(([k, v]) => JSON.stringify(current[k]) !== JSON.stringify(v))
      .map(([k]) => k);
    if (mismatched.length) throw new ValidationError({ match: mismatched });

    let revised = applyFilter(current, asList(input.filter));
    revised = deepMerge(revised, asDict(input.update, 'update'));
    const flat = Object.fromEntries(Object.entries(input).filter(([k]) => k.startsWith('update__')));
    revised = applyFlatUpdates(revised, flat);
    const updated = await ctx.call<Record<string, unknown>>(
      'package_update',
      { ...revised, id: row.id },
      { ignoreAuth: true },
    );
    const include = asList(input.include);
    return {
      package: include.length
        ? applyFilter(updated, [...include.map((g) => `+${g.replace(/^\+/, '')}`), '-*'])
        : updated,
    };
  },
});
