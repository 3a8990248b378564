// GET /uploads/{id}/{filename}: uploaded images and files. A file is served only while its owner is
// public (an active, published item; an active showcase; any sphere or organization picture) unless the caller may write content.
// Every upload has its own id, so a file never changes under its URL; caches keep a public one for an
// hour only and then revalidate by ETag (the content's SHA-256), so an item taken down stops being
// served within the hour rather than living on in caches for a year.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Services } from '../../services.ts';
import { UUID } from '../../packages/names.ts';
import { isPublic } from '../visibility.ts';
import { uploadStore } from './store.ts';

async function ownerIsPublic(services: Services, kind: string, id: string | null): Promise<boolean | null> {
  // Group pictures are sent with the group's create, before it has an id; spheres and organizations are public.
  if (kind === 'group') return true;
  if (!id) return null;
  const db = services.db;
  if (kind === 'content') {
    const row = await db
      .selectFrom('content_item')
      .select(['active', 'published'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? isPublic(row, services.clock.now().toISOString().slice(0, 23)) : null;
  }
  if (kind === 'showcase') {
    const row = await db.selectFrom('showcase').select('state').where('id', '=', id).executeTakeFirst();
    return row ? row.state === 'active' : null;
  }
  return null;
}

const notFound = (reply: FastifyReply) =>
  reply
    .code(404)
    .type('application/json;charset=utf-8')
    .send(JSON.stringify({ success: false, error: { __type: 'Not Found Error', message: 'Not found' } }));

export function registerUploadRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Params: { id: string; filename: string } }>('/uploads/:id/:filename', async (req, reply) => {
    if (!UUID.test(req.params.id)) return notFound(reply);
    const file = await services.db
      .selectFrom('content_file')
      .selectAll()
      .where('id', '=', req.params.id.toLowerCase())
      .executeTakeFirst();
    if (!file) return notFound(reply);
    const open = await ownerIsPublic(services, file.owner_kind, file.owner_id);
    if (open !== true) {
      const user = await req.caller();
      if (open === null || !(user?.sysadmin || user?.operator)) return notFound(reply);
    }
    const etag = `"${file.sha256}"`;
    reply
      .header('ETag', etag)
      .header('Cache-Control', open ? 'public, max-age=3600' : 'private, no-store')
      .header('X-Content-Type-Options', 'nosniff')
      // An SVG or PDF opened directly runs in a sandbox with nothing to load or execute.
      .header('Content-Security-Policy', "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox")
      .header(
        'Content-Disposition',
        `${file.mimetype.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      );
    const inm = req.headers['if-none-match'];
    if (
      typeof inm === 'string' &&
      inm
        .split(',')
        .map((s) => s.trim().replace(/^W\//, ''))
        .includes(etag)
    )
      return reply.code(304).send();
    const bytes = await (await uploadStore(services)).get(file.storage_key);
    if (!bytes) return notFound(reply);
    return reply.type(file.mimetype).header('Content-Length', String(bytes.length)).send(bytes);
  });
}
