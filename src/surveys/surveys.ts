// Surveys: a definition (questions with answer options, each text per language) kept by operators, and
// anonymous answers, every one kept; results are counted from the answers when asked for.
import { sql, type Selectable } from 'kysely';
import type { DB } from '../db/connect.ts';
import type { SurveyTable } from '../comments/tables.ts';
import { ValidationError } from '../errors.ts';
import { isUuid } from '../db/ref.ts';
import { labelsInput } from '../downloads-purpose/purposes.ts';

export type SurveyRow = Selectable<SurveyTable>;
export type QuestionType = 'single' | 'multiple' | 'text';
export interface Question {
  id: string;
  type: QuestionType;
  text_translated: Record<string, string>;
  required: boolean;
  options: { id: string; label_translated: Record<string, string> }[];
}

const KEY = /^[a-z0-9_-]{1,50}$/;
const TEXT_MAX = 2000;

/** Checks and normalises the questions of a definition; every problem is reported under `questions`. */
export function questionsInput(raw: unknown): Question[] {
  const problems: string[] = [];
  const list =
    typeof raw === 'string'
      ? (() => {
          try {
            return JSON.parse(raw) as unknown;
          } catch {
            return null;
          }
        })()
      : raw;
  if (!Array.isArray(list) || !list.length || list.length > 100)
    throw new ValidationError({ questions: ['Must be a list of 1 to 100 questions'] });
  const seen = new Set<string>();
  const out = list.map((q: any, i: number): Question => {
    const at = `question ${i + 1}`;
    const errors: Record<string, string[]> = {};
    if (!q || typeof q !== 'object') {
      problems.push(`${at}: must be an object`);
      return null as never;
    }
    if (typeof q.id !== 'string' || !KEY.test(q.id) || seen.has(q.id))
      problems.push(`${at}: id must be a unique code of lower-case letters, digits, - and _`);
    seen.add(q.id);
    if (!['single', 'multiple', 'text'].includes(q.type)) problems.push(`${at}: type must be single, multiple or text`);
    const text = labelsInput(q.text_translated, 'text', errors);
    if (!Object.keys(text).length) problems.push(`${at}: text_translated needs a text in at least one language`);
    const options = Array.isArray(q.options) ? q.options : [];
    if (q.type !== 'text' && (options.length < 2 || options.length > 50))
      problems.push(`${at}: a choice needs 2 to 50 options`);
    const optIds = new Set<string>();
    const opts =
      q.type === 'text'
        ? []
        : options.map((o: any, j: number) => {
            if (!o || typeof o.id !== 'string' || !KEY.test(o.id) || optIds.has(o.id))
              problems.push(`${at}, option ${j + 1}: id must be a unique code`);
            optIds.add(o?.id);
            const label = labelsInput(o?.label_translated, 'label', errors);
            if (!Object.keys(label).length) problems.push(`${at}, option ${j + 1}: label_translated needs a label`);
            return { id: String(o?.id), label_translated: label };
          });
    for (const m of Object.values(errors).flat()) problems.push(`${at}: ${m}`);
    return { id: q.id, type: q.type, text_translated: text, required: q.required === true, options: opts };
  });
  if (problems.length) throw new ValidationError({ questions: problems });
  return out;
}

/** Checks one submission against the definition; returns the answers to keep. */
export function answersInput(questions: Question[], raw: unknown): Record<string, string | string[]> {
  const given =
    typeof raw === 'string'
      ? (() => {
          try {
            return JSON.parse(raw) as unknown;
          } catch {
            return null;
          }
        })()
      : raw;
  if (!given || typeof given !== 'object' || Array.isArray(given))
    throw new ValidationError({ answers: ['Must be an object: question id -> answer'] });
  const problems: string[] = [];
  const out: Record<string, string | string[]> = {};
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const k of Object.keys(given)) if (!byId.has(k)) problems.push(`Unknown question "${k.slice(0, 50)}"`);
  for (const q of questions) {
    const v = (given as Record<string, unknown>)[q.id];
    const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length);
    if (empty) {
      if (q.required) problems.push(`"${q.id}": an answer is required`);
      continue;
    }
    const ids = new Set(q.options.map((o) => o.id));
    if (q.type === 'text') {
      if (typeof v !== 'string' || v.length > TEXT_MAX)
        problems.push(`"${q.id}": a text of at most ${TEXT_MAX} characters`);
      else out[q.id] = v.trim();
    } else if (q.type === 'single') {
      if (typeof v !== 'string' || !ids.has(v)) problems.push(`"${q.id}": one of ${[...ids].join(', ')}`);
      else out[q.id] = v;
    } else {
      const list = Array.isArray(v) ? v : [v];
      if (!list.every((x) => typeof x === 'string' && ids.has(x)))
        problems.push(`"${q.id}": a list of ${[...ids].join(', ')}`);
      else out[q.id] = [...new Set(list as string[])];
    }
  }
  if (problems.length) throw new ValidationError({ answers: problems });
  return out;
}

export function surveyDict(r: SurveyRow) {
  return {
    id: r.id,
    name: r.name,
    title_translated: r.title_translated,
    description_translated: r.description_translated,
    questions: r.questions,
    active: r.active,
    created: r.created,
    modified: r.modified,
  };
}

export async function surveyByRef(db: DB, ref: unknown): Promise<SurveyRow | undefined> {
  if (typeof ref !== 'string' || !ref) return undefined;
  return db
    .selectFrom('survey')
    .selectAll()
    .where(isUuid(ref) ? 'id' : 'name', '=', ref)
    .executeTakeFirst();
}

/** Counts per question and option, and the latest texts of free-text questions. */
export async function surveyResults(db: DB, s: SurveyRow, textSamples = 20) {
  const total = await db
    .selectFrom('survey_response')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('survey_id', '=', s.id)
    .executeTakeFirstOrThrow();
  const counts = await sql<{ q: string; opt: string; n: string }>`
    SELECT a.key AS q, o.value AS opt, count(*) AS n
    FROM survey_response r, jsonb_each(r.answers) a,
      jsonb_array_elements_text(CASE WHEN jsonb_typeof(a.value) = 'array' THEN a.value ELSE jsonb_build_array(a.value) END) o
    WHERE r.survey_id = ${s.id} GROUP BY 1, 2`.execute(db);
  const n = new Map(counts.rows.map((r) => [`${r.q}\0${r.opt}`, Number(r.n)]));
  const questions = await Promise.all(
    (s.questions as Question[]).map(async (q) => {
      if (q.type !== 'text') {
        const options = q.options.map((o) => ({
          id: o.id,
          label_translated: o.label_translated,
          count: n.get(`${q.id}\0${o.id}`) ?? 0,
        }));
        return {
          id: q.id,
          type: q.type,
          text_translated: q.text_translated,
          answered: options.reduce((a, o) => a + o.count, 0),
          options,
        };
      }
      const texts = await sql<{
        t: string;
        n: string;
      }>`SELECT r.answers->>${q.id} AS t, count(*) OVER () AS n FROM survey_response r
      WHERE r.survey_id = ${s.id} AND r.answers ? ${q.id} ORDER BY r.created DESC LIMIT ${textSamples}`.execute(db);
      return {
        id: q.id,
        type: q.type,
        text_translated: q.text_translated,
        answered: Number(texts.rows[0]?.n ?? 0),
        latest: texts.rows.map((r) => r.t),
      };
    }),
  );
  return {
    survey: { id: s.id, name: s.name, title_translated: s.title_translated },
    responses: Number(total.n),
    questions,
  };
}
