// Votes: one per signed-in user, or one per e-mail address confirmed through a link, per request.
// Only confirmed votes count (data_request.votes is their number, moved by the statement or the
// transaction that adds or removes a confirmed vote).
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { defineAction, type ActionContext, type AuthUser } from '../../actions/types.ts';
import { anyone } from '../../auth/rules.ts';
import { isUuid } from '../../db/ref.ts';
import { executePrepared } from '../../db/prepared.ts';
import { NotAuthorized, NotFound, ValidationError } from '../../errors.ts';
import { stamp } from '../../scheduler/queue.ts';
import { emailParam, languageParam, limitEmail, mailCitizen, wakeScheduler } from '../citizen.ts';
import {
  canSee,
  canSeeWhere,
  findRequest,
  mustBe,
  mustExist,
  noticeSubject,
  shortRef,
  type RequestRow,
} from '../store.ts';

// Votes read the request without locking it: the counter's UPDATE is atomic, and a vote must not queue
// behind every other vote for a popular request for the whole transaction.
const resolveUnlocked = (ctx: ActionContext, input: { id?: unknown }) => findRequest(ctx, input.id);

function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

async function bump(ctx: ActionContext, id: string, by: 1 | -1): Promise<number> {
  const r = await ctx.db
    .updateTable('data_request')
    .set({ votes: sql`votes + ${by}` })
    .where('id', '=', id)
    .returning('votes')
    .executeTakeFirstOrThrow();
  return r.votes;
}

const visible = (ctx: ActionContext, input: { id: string }, row: RequestRow | undefined) => {
  if (row && !canSee(ctx, row))
    throw new NotAuthorized(`User ${ctx.user?.name ?? ''} not authorized to read request ${input.id}`);
};

async function anonymousVote(ctx: ActionContext, row: RequestRow, input: { email?: string; language?: string }) {
  const email = emailParam(input.email);
  const existing = await ctx.db
    .selectFrom('data_request_vote')
    .select(['id', 'confirmed_at'])
    .where('request_id', '=', row.id)
    .where('email', '=', email)
    .executeTakeFirst();
  if (existing?.confirmed_at) throw ValidationError.field('email', 'This address has already voted for this request');
  await limitEmail(ctx, email, 'vote');
  const token = crypto.randomBytes(24).toString('base64url');
  const language = languageParam(ctx, input.language);
  if (existing) {
    await ctx.db
      .updateTable('data_request_vote')
      .set({ token_hash: tokenHash(token), language })
      .where('id', '=', existing.id)
      .execute();
  } else {
    await ctx.db
      .insertInto('data_request_vote')
      .values({
        id: crypto.randomUUID(),
        request_id: row.id,
        user_id: null,
        email,
        token_hash: tokenHash(token),
        language,
        confirmed_at: null,
        created: stamp(ctx.services.clock.now()),
      })
      .execute();
  }
  const link = `${ctx.config.siteUrl}/requests/vote/confirm?token=${token}`;
  await mailCitizen(ctx.db, ctx.services, email, language, {
    kind: 'request_vote_confirm',
    subject: noticeSubject(row),
    requestId: row.id,
    params: { code: shortRef(row.id), message: link },
  });
  wakeScheduler(ctx);
  return { id: row.id, votes: row.votes, voted: false, confirmation_sent: true };
}

/**
 * A signed-in vote in one statement, committed on its own: the vote is added only to a request open to
 * votes that the voter can see, and the counter moves only if the vote was added. Undefined when
 * nothing was counted; the caller then reads the request to say why. A vote made five round trips to
 * the database (a read, BEGIN, insert, update, COMMIT); now one (bench/citizens.ts).
 */
async function countVote(ctx: ActionContext, id: unknown, user: AuthUser): Promise<number | undefined> {
  if (!isUuid(id)) return undefined;
  const now = stamp(ctx.services.clock.now());
  const [counted] = await executePrepared(
    ctx.db,
    ctx.db
      .with('open', (db) =>
        db
          .selectFrom('data_request')
          .select('id')
          .where('id', '=', id)
          .where('status', '=', 'voting')
          .where(canSeeWhere(user)),
      )
      .with('added', (db) =>
        db
          .insertInto('data_request_vote')
          .columns(['id', 'request_id', 'user_id', 'email', 'token_hash', 'language', 'confirmed_at', 'created'])
          .expression((eb) =>
            eb
              .selectFrom('open')
              .select((e) => [
                e.val(crypto.randomUUID()).as('id'),
                'open.id',
                e.val(user.id).as('user_id'),
                sql<null>`null::text`.as('email'),
                sql<null>`null::text`.as('token_hash'),
                e.val(ctx.config.defaultLanguage).as('language'),
                sql<string>`${now}::timestamp`.as('confirmed_at'),
                sql<string>`${now}::timestamp`.as('created'),
              ]),
          )
          .onConflict((oc) => oc.columns(['request_id', 'user_id']).where('user_id', 'is not', null).doNothing())
          .returning('id'),
      )
      .updateTable('data_request')
      .set({ votes: sql`votes + 1` })
      .where('id', '=', id)
      .where((eb) => eb.exists(eb.selectFrom('added').select('added.id')))
      .returning('votes'),
  );
  return counted?.votes;
}

const vote = defineAction({
  name: 'request_vote',
  tag: 'requests',
  description: `Vote for a request published for voting (anyone).

:param id: the request's id
:param email: anonymous voters' e-mail address: a link to confirm the vote is sent there, and the vote
  counts once confirmed (request_vote_confirm); the address is told of the request's status changes
:param language: the language of those messages (default: the portal's)
:rtype: {id, votes, voted, confirmation_sent?}

One vote per signed-in user and one per e-mail address: a second vote is refused (409). Anonymous
votes are limited per address like every anonymous write (429 "Rate Limit Error").`,
  sideEffectFree: false,
  // A signed-in vote is one statement (countVote); an anonymous one writes the vote, the limit and a mail.
  autocommit: (user) => user !== null,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, email: { type: 'string', maxLength: 254 }, language: { type: 'string' } },
    required: ['id'],
  },
  // No resolve step: a signed-in vote checks visibility and status inside its one statement, and the
  // request is read (with the usual 404, 403 and 409 in that order) only when nothing was counted.
  auth: anyone,
  async handler(ctx, input) {
    if (ctx.user) {
      const votes = await countVote(ctx, input.id, ctx.user);
      if (votes !== undefined) return { id: input.id, votes, voted: true };
    }
    const row = mustExist(await resolveUnlocked(ctx, input), input.id);
    visible(ctx, input, row);
    mustBe(row, ['voting'], 'request_vote');
    if (!ctx.user) return anonymousVote(ctx, row, input);
    throw ValidationError.field('id', 'You have already voted for this request');
  },
});

const unvote = defineAction({
  name: 'request_unvote',
  tag: 'requests',
  description: `Withdraw a vote (the voter).

:param id: the request's id
:param token: anonymous voters: the token of the confirmation link
:rtype: {id, votes, voted: false}

Only while the request is open to votes.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: { id: { type: 'string' }, token: { type: 'string', maxLength: 200 } },
    required: ['id'],
  },
  resolve: resolveUnlocked,
  auth: visible,
  async handler(ctx, input, found: RequestRow | undefined) {
    const row = mustExist(found, input.id);
    mustBe(row, ['voting'], 'request_unvote');
    let q = ctx.db.deleteFrom('data_request_vote').where('request_id', '=', row.id);
    if (ctx.user) q = q.where('user_id', '=', ctx.user.id);
    else if (input.token) q = q.where('token_hash', '=', tokenHash(input.token));
    else
      throw ValidationError.field('token', 'Missing value: anonymous voters give the token of their confirmation link');
    const gone = await q.returning('confirmed_at').executeTakeFirst();
    if (!gone) throw new NotFound('No vote of yours for this request');
    const votes = gone.confirmed_at ? await bump(ctx, row.id, -1) : row.votes;
    return { id: row.id, votes, voted: false };
  },
});

const confirm = defineAction({
  name: 'request_vote_confirm',
  tag: 'requests',
  description: `Confirm an anonymous vote with the token from the e-mailed link (anyone holding the token;
the link opens GET /requests/vote/confirm?token=...).

:param token: the token
:rtype: {id, votes, voted: true}

Confirming twice is harmless.`,
  sideEffectFree: false,
  input: { type: 'object', properties: { token: { type: 'string', maxLength: 200 } }, required: ['token'] },
  auth: anyone,
  async handler(ctx, input) {
    const v = await ctx.db
      .selectFrom('data_request_vote')
      .select(['id', 'request_id', 'confirmed_at'])
      .where('token_hash', '=', tokenHash(input.token))
      .forUpdate()
      .executeTakeFirst();
    if (!v) throw new NotFound('This confirmation link is not valid (any more)');
    const row = await ctx.db
      .selectFrom('data_request')
      .select(['status', 'votes'])
      .where('id', '=', v.request_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (v.confirmed_at) return { id: v.request_id, votes: row.votes, voted: true };
    if (row.status !== 'voting')
      throw ValidationError.field('status', `The request is ${row.status}: votes are closed`);
    await ctx.db
      .updateTable('data_request_vote')
      .set({ confirmed_at: stamp(ctx.services.clock.now()) })
      .where('id', '=', v.id)
      .execute();
    return { id: v.request_id, votes: await bump(ctx, v.request_id, 1), voted: true };
  },
});

export default [vote, unvote, confirm];
