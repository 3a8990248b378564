// The format of the rules: `{ "meta": { ..., "fields": {...} }, "data": [ {...}, ... ] }`. A bare array is
// accepted as data for an existing descriptor. The meta is returned as found; check it with checkDescriptor.
import { UploadError } from '../errors.ts';
import type { DataRecord, Descriptor, Upload } from '../types.ts';

export function parseJson(input: string | Uint8Array | unknown): Upload {
  let doc: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    let text = typeof input === 'string' ? input : new TextDecoder().decode(input);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new UploadError([{ index: -1, path: '', message: `not valid JSON: ${(e as Error).message}` }]);
    }
  }
  if (Array.isArray(doc)) return { meta: undefined, data: doc as DataRecord[] };
  if (doc === null || typeof doc !== 'object')
    throw new UploadError([{ index: -1, path: '', message: 'expected an object {meta, data} or a list of records' }]);
  const { meta, data } = doc as { meta?: unknown; data?: unknown };
  if (meta !== undefined && (meta === null || typeof meta !== 'object' || Array.isArray(meta))) {
    throw new UploadError([{ index: -1, path: 'meta', message: 'expected an object' }]);
  }
  if (data !== undefined && !Array.isArray(data))
    throw new UploadError([{ index: -1, path: 'data', message: 'expected a list of records' }]);
  return { meta: meta as Descriptor | undefined, data: (data ?? []) as DataRecord[] };
}

export function writeJson(meta: Descriptor, data: readonly DataRecord[]): string {
  return JSON.stringify({ meta, data });
}
