// Pasport's version, read once from package.json (status_show, the OpenAPI document): one number to bump.
import pkg from '../package.json' with { type: 'json' };

export const PASPORT_VERSION: string = pkg.version;
