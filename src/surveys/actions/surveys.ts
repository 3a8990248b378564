// survey_create / survey_update / survey_show / survey_list (operators keep the definitions) and
// survey_submit (anyone answers an active survey; nothing about the person is kept).
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { defineAction, type ActionContext } from '../../actions/types.ts';
import { NotFound, NotAuthorized, ValidationError } from '../../errors.ts';
import { anyone, operator } from '../../auth/rules.ts';
import { siteWide } from '../../auth/permissions.ts';
import { stamp } from '../../scheduler/queue.ts';
import { labelsInput } from '../../downloads-purpose/purposes.ts';
import {
  answersInput,
  questionsInput,
  surveyByRef,
  surveyDict,
  surveyResults,
  type Question,
  type SurveyRow,
} from '../surveys.ts';

const NAME = /^[a-z0-9_-]{2,100}$/;
const fields = {
  name: { type: 'string', description: 'a short code' },
  title_translated: { type: ['object', 'string'] },
  description_translated: { type: ['object', 'string'] },
  questions: {
    type: ['array', 'string'],
    description: '[{id, type: single|multiple|text, text_translated, required, options: [{id, label_translated}]}]',
  },
  active: { type: 'boolean', description: 'open for answers (default true)' },
};
interface Input {
  id?: string;
  name?: string;
  title_translated?: unknown;
  description_translated?: unknown;
  questions?: unknown;
  active?: boolean;
}

function values(input: Input, creating: boolean) {
  const errors: Record<string, string[]> = {};
  const out: Record<string, unknown> = {};
  if (creating || input.name !== undefined) {
    if (typeof input.name !== 'string' || !NAME.test(input.name))
      errors.name = ['Must be 2-100 characters: lower-case letters, digits, - and _'];
    else out.name = input.name;
  }
  if (creating || input.title_translated !== undefined) {
    const t = labelsInput(input.title_translated ?? {}, 'title_translated', errors);
    if (!Object.keys(t).length && !errors.title_translated)
      errors.title_translated = ['Missing value: a title in at least one language'];
    out.title_translated = JSON.stringify(t);
  }
  if (input.description_translated !== undefined)
    out.description_translated = JSON.stringify(
      labelsInput(input.description_translated, 'description_translated', errors),
    );
  if (Object.keys(errors).length) throw new ValidationError(errors);
  if (creating || input.questions !== undefined) out.questions = JSON.stringify(questionsInput(input.questions));
  if (input.active !== undefined) out.active = input.active;
  return out;
}

async function nameFree(ctx: ActionContext, name: unknown, id?: string) {
  if (typeof name !== 'string') return;
  const other = await ctx.db.selectFrom('survey').select('id').where('name', '=', name).executeTakeFirst();
  if (other && other.id !== id) throw new ValidationError({ name: ['That name is already in use'] });
}

const create = defineAction({
  name: 'survey_create',
  tag: 'surveys',
  description: `Define a survey (operators and sysadmins).

:param name: short code
:param title_translated: the title per language
:param description_translated: an introduction per language (optional)
:param questions: [{id, type: "single" | "multiple" | "text", text_translated, required, options:
  [{id, label_translated}]}] (choices need 2 to 50 options)
:param active: open for answers (default true)
:rtype: the survey`,
  sideEffectFree: false,
  input: { type: 'object', properties: fields, required: ['name', 'title_translated', 'questions'] },
  auth: operator,
  async handler(ctx, input: Input) {
    const v = values(input, true);
    await nameFree(ctx, v.name);
    const row = await ctx.db
      .insertInto('survey')
      .values({ id: crypto.randomUUID(), ...(v as { name: string; title_translated: string; questions: string }) })
      .returningAll()
      .executeTakeFirstOrThrow();
    return surveyDict(row);
  },
});

const update = defineAction({
  name: 'survey_update',
  tag: 'surveys',
  description: `Change a survey (operators and sysadmins); keys not given keep their value. Answers already
given are kept; results count them by question and option id.

:param id: id or name of the survey
:rtype: the survey`,
  sideEffectFree: false,
  input: { type: 'object', properties: { id: { type: 'string' }, ...fields }, required: ['id'] },
  auth: operator,
  async handler(ctx, input: Input) {
    const row = await surveyByRef(ctx.db, input.id);
    if (!row) throw new NotFound('Survey not found');
    const v = values(input, false);
    await nameFree(ctx, v.name, row.id);
    const out = await ctx.db
      .updateTable('survey')
      .set({ ...v, modified: sql`now() at time zone 'utc'` as never })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return surveyDict(out);
  },
});

const show = defineAction({
  name: 'survey_show',
  tag: 'surveys',
  description: `A survey's definition (an active one to anyone; any to operators).

:param id: id or name of the survey
:param include_results: operators and sysadmins only: add the results {responses, questions: [{id,
  answered, options: [{id, count}] | latest: [texts]}]}
:rtype: the survey`,
  sideEffectFree: true,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, include_results: { type: 'boolean' } },
    required: ['id'],
  },
  auth: (ctx, input: { include_results?: boolean }) => {
    if (input.include_results && !siteWide(ctx.user))
      throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to read survey results`);
  },
  async handler(ctx, input) {
    const row = await surveyByRef(ctx.db, input.id);
    if (!row || (!row.active && !siteWide(ctx.user))) throw new NotFound('Survey not found');
    return input.include_results ? { ...surveyDict(row), results: await surveyResults(ctx.db, row) } : surveyDict(row);
  },
});

const list = defineAction({
  name: 'survey_list',
  tag: 'surveys',
  description: `The surveys open for answers, newest first (operators: add all_states for closed ones too).

:param all_states: operators only: include inactive surveys
:rtype: list of surveys`,
  sideEffectFree: true,
  input: { type: 'object', properties: { all_states: { type: 'boolean' } } },
  auth: anyone,
  async handler(ctx, input) {
    let q = ctx.db.selectFrom('survey').selectAll().orderBy('created', 'desc').orderBy('name').limit(1000);
    if (!(input.all_states && siteWide(ctx.user))) q = q.where('active', '=', true);
    return (await q.execute()).map(surveyDict);
  },
});

const submit = defineAction({
  name: 'survey_submit',
  tag: 'surveys',
  description: `Answer a survey (anyone). Every answer is kept; nothing identifying the person is stored
(no user, e-mail or address).

:param id: id or name of an active survey
:param answers: {question id: option id (single) | [option ids] (multiple) | text}
:param language: the language the survey was answered in (optional)
:rtype: {id, survey_id, created}`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      answers: { type: ['object', 'string'] },
      language: { type: 'string', maxLength: 20 },
    },
    required: ['id', 'answers'],
  },
  resolve: (ctx, input: { id?: string }) => surveyByRef(ctx.db, input.id),
  auth: anyone,
  async handler(ctx, input, s?: SurveyRow) {
    if (!s || !s.active) throw new NotFound('Survey not found');
    const answers = answersInput(s.questions as Question[], input.answers);
    if (!Object.keys(answers).length) throw new ValidationError({ answers: ['Answer at least one question'] });
    const row = {
      id: crypto.randomUUID(),
      survey_id: s.id,
      language: input.language ?? null,
      answers: JSON.stringify(answers),
      created: stamp(ctx.services.clock.now()),
    };
    await ctx.db.insertInto('survey_response').values(row).execute();
    return { id: row.id, survey_id: s.id, created: row.created };
  },
});

export default [create, update, show, list, submit];
