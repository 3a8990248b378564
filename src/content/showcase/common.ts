// Showcases (apps and services built on the data), as ckanext-showcase offers them, kept in their own
// table rather than as packages of type "showcase": they have no resources, passports or DCAT records
// of their own. A helper module.
import type { Selectable } from 'kysely';
import type { ActionContext } from '../../actions/types.ts';
import type { ShowcaseTable } from '../../db/schema.ts';
import { NotFound, ValidationError } from '../../errors.ts';
import { UUID } from '../../packages/names.ts';
import { pushError, translatedInput, type FieldErrorLists } from '../../packages/field-input.ts';
import { recordChange } from '../../outbox.ts';
import { NAME, tagList, urlInput } from '../input.ts';
import { canWrite } from '../visibility.ts';

export type ShowcaseRow = Selectable<ShowcaseTable>;

export async function findShowcase(ctx: Pick<ActionContext, 'db'>, ref: unknown): Promise<ShowcaseRow | undefined> {
  if (typeof ref !== 'string' || !ref) return undefined;
  return ctx.db
    .selectFrom('showcase')
    .selectAll()
    .where((eb) =>
      UUID.test(ref) ? eb.or([eb('id', '=', ref.toLowerCase()), eb('name', '=', ref)]) : eb('name', '=', ref),
    )
    .executeTakeFirst();
}

/** A showcase the caller may see: drafts only for operators. */
export async function requireShowcase(ctx: ActionContext, ref: unknown, key = 'id'): Promise<ShowcaseRow> {
  if (typeof ref !== 'string' || !ref) throw ValidationError.field(key, 'Missing value');
  const row = await findShowcase(ctx, ref);
  if (!row || (row.state !== 'active' && !canWrite(ctx))) throw new NotFound('Showcase not found');
  return row;
}

export async function datasetCount(ctx: Pick<ActionContext, 'db'>, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db
    .selectFrom('showcase_package')
    .innerJoin('package', 'package.id', 'showcase_package.package_id')
    .select(['showcase_package.showcase_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('showcase_package.showcase_id', 'in', ids)
    .where('package.state', '=', 'active')
    .where('package.private', '=', false)
    .groupBy('showcase_package.showcase_id')
    .execute();
  return new Map(rows.map((r) => [r.showcase_id, Number(r.n)]));
}

/** The showcase as a CKAN package dict of type "showcase", plus the translations. */
export function showcaseDict(ctx: ActionContext, row: ShowcaseRow, numDatasets: number) {
  const lang = ctx.config.defaultLanguage;
  const title =
    row.title_translated[lang] ?? ctx.config.languages.map((l) => row.title_translated[l]).find(Boolean) ?? row.name;
  return {
    id: row.id,
    name: row.name,
    type: 'showcase',
    state: row.state,
    private: false,
    title,
    notes: row.notes_translated[lang] ?? '',
    title_translated: row.title_translated,
    notes_translated: row.notes_translated,
    url: row.url ?? '',
    image_url: row.image_url ?? '',
    image_display_url: row.image_url ?? '',
    tags: row.tags.map((t) => ({ name: t, display_name: t, state: 'active' })),
    num_tags: row.tags.length,
    num_datasets: numDatasets,
    creator_user_id: row.creator_user_id,
    metadata_created: row.metadata_created,
    metadata_modified: row.metadata_modified,
  };
}

export function showcaseValues(ctx: ActionContext, data: Record<string, unknown>, existing: ShowcaseRow | null) {
  const { languages, defaultLanguage } = ctx.config;
  const errors: FieldErrorLists = {};
  const name = data.name ?? existing?.name;
  if (typeof name !== 'string' || !name) pushError(errors, 'name', 'Missing value');
  else if (!NAME.test(name))
    pushError(errors, 'name', 'Must be 2 to 100 characters: lowercase letters, digits, - and _');
  const title_translated = translatedInput(data.title_translated, 'title_translated', languages, errors);
  if (typeof data.title === 'string' && data.title.trim()) title_translated[defaultLanguage] = data.title.trim();
  if (!Object.keys(title_translated).length && !errors.title_translated) pushError(errors, 'title', 'Missing value');
  const notes_translated = translatedInput(data.notes_translated, 'notes_translated', languages, errors);
  if (typeof data.notes === 'string' && data.notes.trim()) notes_translated[defaultLanguage] = data.notes;
  const state = data.state ?? 'active';
  if (state !== 'active' && state !== 'draft') pushError(errors, 'state', 'Value must be one of: active, draft');
  if (data.type !== undefined && data.type !== null && data.type !== 'showcase')
    pushError(errors, 'type', 'Must be showcase');
  const url = urlInput(data.url, 'url', errors);
  const image_url = urlInput(data.image_url, 'image_url', errors);
  const tags = tagList(data.tags ?? data.tag_string, errors);
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { name: name as string, title_translated, notes_translated, url, image_url, tags, state: state as string };
}

/** Datasets whose DCAT description names their showcases: re-dictized and re-published. */
export async function touchDatasets(ctx: ActionContext, showcaseId: string, only?: string[]): Promise<void> {
  const ids =
    only ??
    (
      await ctx.db.selectFrom('showcase_package').select('package_id').where('showcase_id', '=', showcaseId).execute()
    ).map((r) => r.package_id);
  for (const id of ids) await recordChange(ctx, 'package', id);
}
