import { defineAction } from '../types.ts';
import { anyone } from '../../auth/rules.ts';
import { LICENSES } from '../../packages/licenses.ts';

const s = (b: boolean) => (b ? 'True' : 'False');

export default defineAction({
  name: 'license_list',
  tag: 'site',
  description: 'Return the licences datasets may use.\n\n:rtype: list of dictionaries',
  sideEffectFree: true,
  input: { type: 'object', properties: {} },
  auth: anyone,
  handler: async () =>
    LICENSES.map((l) => ({
      id: l.id,
      title: l.title,
      url: l.url,
      status: 'active',
      maintainer: '',
      family: '',
      od_conformance: l.od_conformance,
      osd_conformance: l.osd_conformance,
      domain_content: s(l.domain_content),
      domain_data: s(l.domain_data),
      domain_software: s(l.domain_software),
      is_generic: s(l.is_generic),
    })),
});
