// Monitoring reports as files: GET /monitoring/report.{csv,xlsx,json}?from=&to=&organization= and
// GET /monitoring/reports/{period}.{csv,xlsx,json}, through the same actions (and their rules) as the API.
import type { FastifyRequest } from 'fastify';
import type { PasportModule } from '../modules/types.ts';
import { sendCkanError } from '../api/error-reply.ts';
import { ValidationError } from '../errors.ts';
import { reportCsv, reportXlsx } from './formats.ts';
import type { Report } from './report.ts';

type Req = FastifyRequest<{ Params: { fmt: string; period?: string }; Querystring: Record<string, string> }>;

const TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

const monitoringModule: PasportModule = {
  name: 'monitoring',
  async start({ app, services, runner }) {
    const help = `${services.config.siteUrl}/api/3/action/help_show?name=monitoring_report`;
    const send = async (req: Req, reply: any, action: string, input: Record<string, unknown>, name: string) => {
      try {
        const fmt = req.params.fmt;
        if (!TYPES[fmt]) throw ValidationError.field('format', 'one of csv, xlsx, json');
        const user = await req.caller();
        const report = await runner.result<Report>(action, input, { user });
        reply.type(TYPES[fmt]).header('Content-Disposition', `attachment; filename="${name}.${fmt}"`);
        if (fmt === 'csv') return reply.send(reportCsv(report));
        if (fmt === 'xlsx') return reply.send(await reportXlsx(report, name));
        return reply.send(JSON.stringify(report));
      } catch (err) {
        return sendCkanError(req, reply, err, help);
      }
    };
    app.get('/monitoring/report.:fmt', (req: Req, reply) =>
      send(
        req,
        reply,
        'monitoring_report',
        { ...req.query },
        `monitoring-${req.query.from ?? ''}-${req.query.to ?? ''}`,
      ),
    );
    app.get('/monitoring/reports/:period.:fmt', (req: Req, reply) =>
      send(req, reply, 'monitoring_report_show', { period: req.params.period }, `monitoring-${req.params.period}`),
    );
  },
};

export default monitoringModule;
