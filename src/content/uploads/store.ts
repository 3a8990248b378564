// Where uploaded bytes live. One interface, two stores: a local directory (the default, under the
// data directory) and any S3-compatible object store (s3.ts). Keys are content-independent ids chosen
// by the caller, so a store never needs to list or rename.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../../config.ts';
import type { Services } from '../../services.ts';
import type { UploadStore } from './types.ts';

export type { UploadStore } from './types.ts';

/** Keys are `<uuid>` or `<uuid>.<ext>`: nothing that could climb out of the directory. */
const KEY = /^[0-9a-f-]{36}(\.[a-z0-9]{1,8})?$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid upload key ${JSON.stringify(key)}`);
  return key;
}

export class LocalStore implements UploadStore {
  readonly kind = 'local' as const;
  constructor(readonly dir: string) {}

  /** Two levels of fan-out keep directories small when there are many thousands of files. */
  private file(key: string): string {
    checkKey(key);
    return path.join(this.dir, key.slice(0, 2), key);
  }

  async put(key: string, content: Buffer, _mimetype?: string): Promise<void> {
    const target = this.file(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    // Written beside and renamed, so a reader never sees half a file.
    const tmp = `${target}.${process.pid}.tmp`;
    await fs.writeFile(tmp, content);
    await fs.rename(tmp, target);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.file(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.file(key), { force: true });
  }
}

export async function createStore(config: Config): Promise<UploadStore> {
  if (config.uploads.s3) {
    const { S3Store } = await import('./s3.ts');
    return new S3Store(config.uploads.s3);
  }
  return new LocalStore(path.resolve(config.uploads.dir));
}

/** The service's one store, made on first use (actions run before or without the content module). */
export async function uploadStore(services: Services): Promise<UploadStore> {
  const ext = services.extensions as { uploadStore?: Promise<UploadStore> };
  ext.uploadStore ??= createStore(services.config);
  return ext.uploadStore;
}
