import { defineAction } from '../../actions/types.ts';
import { sysadminOnly } from '../../auth/rules.ts';
import { ValidationError } from '../../errors.ts';
import { importOrganizations, parseRecords } from '../import.ts';

export default defineAction({
  name: 'organization_import',
  tag: 'organizations',
  description: `Import organizations from the government register: each record is created, or updated when an
organization with the same external_id (else the same structure and code, else the same name) exists.
Importing the same records again changes nothing. One invalid record refuses the whole import, naming it.

:param records: a list of organization dicts (name, title, title_translated, code, structure, external_id,
  email, phone, website, active, description, description_translated)
:param data: or the register's export as text, CSV (header row; title_<lang> columns) or JSON
:param format: csv or json (default: guessed from data)
:rtype: {created, updated, unchanged}

Sysadmins only; the command line has the same import: \`pasport organizations import FILE\`.`,
  sideEffectFree: false,
  input: {
    type: 'object',
    properties: {
      records: { type: 'array', items: { type: 'object' }, maxItems: 50000 },
      data: { type: 'string' },
      format: { type: 'string', enum: ['csv', 'json'] },
    },
  },
  auth: sysadminOnly,
  async handler(ctx, input) {
    let records = input.records;
    if (!records) {
      if (input.data === undefined) throw new ValidationError({ records: ['Missing value'] });
      try {
        records = parseRecords(input.data, input.format);
      } catch (err) {
        if (err instanceof ValidationError) throw err;
        throw new ValidationError({ data: [`Not valid ${input.format ?? 'CSV or JSON'}: ${(err as Error).message}`] });
      }
    }
    return importOrganizations(ctx, records);
  },
});
