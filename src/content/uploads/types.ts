// The interface both upload stores implement (store.ts, s3.ts), apart so neither imports the other.
export interface UploadStore {
  readonly kind: 'local' | 's3';
  put(key: string, content: Buffer, mimetype: string): Promise<void>;
  /** The bytes, or null when the key is unknown to the store. */
  get(key: string): Promise<Buffer | null>;
  delete(key: string): Promise<void>;
}
