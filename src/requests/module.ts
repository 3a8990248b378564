// The page an anonymous voter's confirmation link opens: GET /requests/vote/confirm?token=..., which
// runs request_vote_confirm (a link in an e-mail can only be a GET) and answers in plain text.
import type { FastifyRequest } from 'fastify';
import type { PasportModule } from '../modules/types.ts';
import { sendTextError } from '../api/error-reply.ts';

const requestsModule: PasportModule = {
  name: 'requests',
  async start({ app, runner }) {
    app.get('/requests/vote/confirm', async (req: FastifyRequest<{ Querystring: { token?: string } }>, reply) => {
      reply.header('Cache-Control', 'no-store').type('text/plain; charset=utf-8');
      try {
        const r = await runner.result<{ id: string; votes: number }>(
          'request_vote_confirm',
          { token: String(req.query.token ?? '') },
          { user: null, ip: req.ip },
        );
        return reply.send(
          `Your vote is counted. Votes: ${r.votes}.\n${runner.services.config.siteUrl}/api/3/action/request_show?id=${r.id}\n`,
        );
      } catch (err) {
        // Never a stack trace: an action's own message, or a plain sentence.
        return sendTextError(req, reply, err, 'The vote could not be confirmed; please try again later.', '\n');
      }
    });
  },
};

export default requestsModule;
