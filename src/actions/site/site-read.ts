import { defineAction } from '../types.ts';
import { anyone } from '../../auth/rules.ts';

export default defineAction({
  name: 'site_read',
  tag: 'site',
  description: 'Return true: the site can be read (CKAN 2.10 kept this for old clients).\n\n:rtype: boolean',
  sideEffectFree: true,
  input: { type: 'object', properties: {} },
  auth: anyone,
  handler: async () => true,
});
