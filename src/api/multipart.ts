// Reads a multipart/form-data body into form fields and files, with every way it can be broken
// answered as CKAN's bare-string 400 (no boundary, truncated, a file part repeated, over a limit)
// instead of the 500s and silently dropped parts @fastify/multipart gave. busboy parses the stream;
// the caller decides, before calling this, whether the body is worth reading at all.
import type { FastifyRequest } from 'fastify';
import { Busboy } from '@fastify/busboy';
import { BadRequest } from '../errors.ts';
import type { UploadedFile } from '../actions/types.ts';

export interface MultipartLimits {
  maxFieldBytes: number;
  maxUploadBytes: number;
  maxKeys: number;
}

export interface MultipartData {
  form: [string, string][];
  files: Record<string, UploadedFile>;
}

/** Called with the fields read so far when the first file part begins; throwing refuses the upload
 * before a byte of the file is kept (clients send fields first: ckanapi, requests, browsers' forms). */
export type BeforeFile = (form: [string, string][]) => Promise<void>;

export function readMultipart(
  req: FastifyRequest,
  limits: MultipartLimits,
  beforeFile?: BeforeFile,
): Promise<MultipartData> {
  const ctype = String(req.headers['content-type'] ?? '');
  if (!/;\s*boundary=/i.test(ctype)) return Promise.reject(new BadRequest('Multipart body without a boundary'));
  return new Promise((resolve, reject) => {
    let bb: InstanceType<typeof Busboy>;
    try {
      bb = new Busboy({
        headers: req.headers as never,
        limits: {
          fieldSize: limits.maxFieldBytes,
          fileSize: limits.maxUploadBytes,
          fields: limits.maxKeys,
          files: 10,
          parts: limits.maxKeys + 10,
          fieldNameSize: 1024,
        },
      });
    } catch (e) {
      reject(new BadRequest(`Malformed multipart body: ${(e as Error).message.slice(0, 100)}`));
      return;
    }
    const form: [string, string][] = [];
    const files: Record<string, UploadedFile> = {};
    const seen = new Set<string>();
    let failed: Error | null = null;
    let checked: Promise<void> | null = null;
    const fail = (reason: string | Error) => {
      if (failed) return;
      failed = typeof reason === 'string' ? new BadRequest(reason) : reason;
      req.raw.unpipe(bb);
      req.raw.resume(); // discard the rest of the body instead of buffering it
      reject(failed);
    };
    bb.on('field', (name: string, value: string, nameTruncated: boolean, valueTruncated: boolean) => {
      if (nameTruncated) return fail('Multipart field name too long');
      if (valueTruncated) return fail(`Multipart field over ${limits.maxFieldBytes} bytes`);
      form.push([name, value]);
    });
    bb.on(
      'file',
      (
        name: string,
        stream: NodeJS.ReadableStream & { truncated?: boolean },
        filename: string,
        _enc: string,
        mimetype: string,
      ) => {
        if (seen.has(name)) {
          stream.resume();
          return fail(`Multipart file field repeated: ${name.slice(0, 60)}`);
        }
        seen.add(name);
        const chunks: Buffer[] = [];
        const keep = () => {
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('limit', () => fail(`Request entity too large (a file over ${limits.maxUploadBytes} bytes)`));
          stream.on('end', () => {
            if (!stream.truncated)
              files[name] = {
                filename: filename ?? '',
                mimetype: mimetype ?? 'application/octet-stream',
                content: Buffer.concat(chunks),
              };
          });
        };
        // Until the check passes nothing reads the file stream, so busboy and the socket are held back
        // by backpressure: a refused upload costs one buffer, not the file.
        checked ??= beforeFile ? beforeFile([...form]) : Promise.resolve();
        checked.then(keep, (e: unknown) => {
          stream.resume();
          fail(e instanceof Error ? e : new BadRequest(String(e)));
        });
      },
    );
    bb.on('partsLimit', () => fail('Too many multipart parts'));
    bb.on('filesLimit', () => fail('Too many multipart files'));
    bb.on('fieldsLimit', () => fail('Too many multipart fields'));
    bb.on('error', (e: unknown) =>
      fail(`Malformed multipart body: ${String((e as Error)?.message ?? e).slice(0, 100)}`),
    );
    bb.on('finish', () => {
      // The check may still be running when a small body has been parsed whole.
      void (checked ?? Promise.resolve()).then(
        () => {
          if (!failed) resolve({ form, files });
        },
        () => {},
      );
    });
    req.raw.on('error', () => fail('Request body could not be read'));
    req.raw.pipe(bb);
  });
}
