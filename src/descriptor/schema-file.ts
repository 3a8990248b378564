// schemas/descriptor.schema.json is descriptorSchema() for the portal's default languages plus Kazakh, with
// Kazakh and Russian mandatory as order 144 requires. Regenerate: npx tsx src/descriptor/schema-file.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LANGUAGES } from './languages.ts';
import { descriptorSchema } from './schema.ts';

export const SCHEMA_FILE_LANGUAGES = [...DEFAULT_LANGUAGES, 'kk'];
export const SCHEMA_FILE_REQUIRED = ['kk', 'ru'];
export const SCHEMA_FILE = fileURLToPath(new URL('../../schemas/descriptor.schema.json', import.meta.url));
export const SCHEMA_ID = 'https://pasport.uz/schemas/descriptor.schema.json';

export function schemaFileText(): string {
  return `${JSON.stringify(descriptorSchema(SCHEMA_FILE_LANGUAGES, { requiredLanguages: SCHEMA_FILE_REQUIRED, id: SCHEMA_ID }), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeFileSync(SCHEMA_FILE, schemaFileText());
