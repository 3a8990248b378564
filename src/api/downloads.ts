// Serves uploaded resource files at the URL resource dicts advertise, with the dataset's read rule.
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { canReadPackage } from '../auth/permissions.ts';
import { isUuid } from '../db/ref.ts';
import { sendCkanError } from './error-reply.ts';
import { purposeParam } from '../downloads-purpose/purposes.ts';
import { countDownload } from '../tracking/hits.ts';

export async function downloadsPlugin(app: FastifyInstance, opts: { services: Services }) {
  const { services } = opts;
  app.get<{ Params: { id: string; rid: string; filename: string }; Querystring: { purpose?: string } }>(
    '/dataset/:id/resource/:rid/download/:filename',
    async (req, reply) => {
      const { rid } = req.params;
      const notFound = () => reply.code(404).type('application/json;charset=utf-8').send(JSON.stringify('Not found'));
      if (!isUuid(rid)) return notFound();
      const row = await services.db
        .selectFrom('upload')
        .innerJoin('resource', 'resource.id', 'upload.resource_id')
        .innerJoin('package', 'package.id', 'resource.package_id')
        .select([
          'upload.content',
          'upload.filename',
          'upload.mimetype',
          'package.id',
          'package.state',
          'package.private',
          'package.owner_org',
          'package.creator_user_id',
          'resource.state as rstate',
        ])
        .where('upload.resource_id', '=', rid)
        .executeTakeFirst();
      if (!row || row.rstate !== 'active') return notFound();
      const user = await req.caller();
      if (
        !(await canReadPackage(
          { db: services.db, user },
          {
            id: row.id,
            state: row.state,
            private: row.private,
            owner_org: row.owner_org,
            creator_user_id: row.creator_user_id,
          },
        ))
      ) {
        return reply.code(403).type('application/json;charset=utf-8').send(JSON.stringify('Access denied'));
      }
      // The optional purpose is checked only after access, so it never tells whether a private file exists.
      let purpose: string;
      try {
        purpose = await purposeParam(services.db, req.query.purpose);
      } catch (err) {
        return sendCkanError(
          req,
          reply,
          err,
          `${services.config.siteUrl}/api/3/action/help_show?name=download_purpose_list`,
        );
      }
      await countDownload(services, { packageId: row.id, resourceId: rid, channel: 'resource', purpose });
      return reply
        .type(row.mimetype || 'application/octet-stream')
        .header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
        .send(row.content);
    },
  );
}
