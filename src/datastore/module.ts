// The DataStore's HTTP surface beside the Action API: streamed dumps at /datastore/dump/{resource_id}
// and fill-in templates at /datastore/template/{resource_id}, with the dataset's read rule (403 for a
// private or deleted dataset, 404 for an unknown resource or one without data / descriptor).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleContext, PasportModule } from '../modules/types.ts';
import { NotFound, ValidationError } from '../errors.ts';
import { sendCkanError } from '../api/error-reply.ts';
import { csvTemplate, writeJson, writeXml, xlsxTemplate } from '../descriptor/index.ts';
import { activeTable, catalogueRow, forgetCached, readableResource } from './catalogue.ts';
import { DUMP_FORMATS, DUMP_TYPES, dumpRefusal, dumpStream, type DumpFormat } from './dump.ts';
import { stopTidying } from './store.ts';
import { purposeParam } from '../downloads-purpose/purposes.ts';
import { countDownload } from '../tracking/hits.ts';

type Req = FastifyRequest<{ Params: { id: string }; Querystring: Record<string, string | undefined> }>;

const TEMPLATE_FORMATS = ['csv', 'xlsx', 'json', 'xml'] as const;

const module: PasportModule = {
  name: 'datastore',
  async start({ app, services }: ModuleContext) {
    const help = `${services.config.siteUrl}/api/3/action/help_show?name=datastore_search`;
    const fail = (req: FastifyRequest, reply: FastifyReply, err: unknown) => sendCkanError(req, reply, err, help);
    const forget = (topic: string, entityId: string) => forgetCached(services, topic, entityId);
    services.events.on('outbox', forget);

    app.get('/datastore/dump/:id', async (req: Req, reply) => {
      try {
        const format = (req.query.format ?? 'csv').toLowerCase() as DumpFormat;
        if (!DUMP_FORMATS.includes(format)) throw ValidationError.field('format', `one of ${DUMP_FORMATS.join(', ')}`);
        const user = await req.caller();
        const ref = await readableResource({ db: services.db, user }, req.params.id);
        const t = await activeTable(services.db, ref.id);
        const refused = await dumpRefusal(services.db, t, services.config.datastoreDumpMaxBytes);
        if (refused) throw refused;
        const purpose = await purposeParam(services.db, req.query.purpose);
        await countDownload(services, {
          packageId: ref.package_id,
          resourceId: ref.id,
          channel: 'datastore_dump',
          purpose,
        });
        return reply
          .type(DUMP_TYPES[format])
          .header('Content-Disposition', `attachment; filename="${ref.id}.${format}"`)
          .send(dumpStream(services.db, t, format, services.config.datastoreDumpMaxBytes));
      } catch (err) {
        return fail(req, reply, err);
      }
    });

    app.get('/datastore/template/:id', async (req: Req, reply) => {
      try {
        const format = (req.query.format ?? 'csv').toLowerCase() as (typeof TEMPLATE_FORMATS)[number];
        if (!TEMPLATE_FORMATS.includes(format))
          throw ValidationError.field('format', `one of ${TEMPLATE_FORMATS.join(', ')}`);
        const lang = req.query.lang ?? services.config.defaultLanguage;
        const user = await req.caller();
        const ref = await readableResource({ db: services.db, user }, req.params.id);
        const d = (await catalogueRow(services.db, ref.id))?.descriptor;
        if (!d) throw new NotFound('The resource has no descriptor');
        const name = `${d.apiUri}-template.${format}`;
        reply.header('Content-Disposition', `attachment; filename="${name}"`);
        if (format === 'xlsx')
          return reply.type(DUMP_TYPES.xlsx).send(await xlsxTemplate(d, lang, [], services.config.languages));
        if (format === 'json') return reply.type(DUMP_TYPES.json).send(writeJson(d, []));
        if (format === 'xml') return reply.type(DUMP_TYPES.xml).send(writeXml(d, []));
        return reply.type(DUMP_TYPES.csv).send(csvTemplate(d, lang));
      } catch (err) {
        return fail(req, reply, err);
      }
    });
    return {
      async stop() {
        services.events.off('outbox', forget);
        await stopTidying();
      },
    };
  },
};

export default module;
