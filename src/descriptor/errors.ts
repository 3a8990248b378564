// An upload that cannot be read (bad syntax, unknown columns). The DataStore actions turn it into the API's
// ValidationError; the problems are the same shape as validateBatch's.
import type { Problem } from './types.ts';

export class UploadError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; '));
    this.name = 'UploadError';
  }
}
