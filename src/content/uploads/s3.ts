// An S3-compatible object store (AWS S3, MinIO, Ceph RGW, Yandex Object Storage, ...) through the
// official AWS SDK client. Path-style addressing when an endpoint is given, as MinIO and most
// self-hosted stores expect. Tested only where PASPORT_S3_BUCKET points at a real store.
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../../config.ts';
import type { UploadStore } from './types.ts';

type S3Config = NonNullable<Config['uploads']['s3']>;

export class S3Store implements UploadStore {
  readonly kind = 's3' as const;
  private client: S3Client;

  constructor(private readonly cfg: S3Config) {
    this.client = new S3Client({
      region: cfg.region,
      ...(cfg.endpoint ? { endpoint: cfg.endpoint, forcePathStyle: true } : {}),
      // Without explicit keys the SDK's default chain applies (AWS_* variables, instance roles).
      ...(cfg.accessKeyId && cfg.secretAccessKey
        ? { credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey } }
        : {}),
    });
  }

  private key(key: string): string {
    return `${this.cfg.prefix}${key}`;
  }

  async put(key: string, content: Buffer, mimetype: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(key), Body: content, ContentType: mimetype }),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(key) }));
      if (!out.Body) return null;
      return Buffer.from(await out.Body.transformToByteArray());
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(key) }));
  }
}
