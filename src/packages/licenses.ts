// CKAN's default licence register (ckan/model/license.py), as data. license_list returns these with
// CKAN's string booleans; the DCAT mapping reads `url`.
export interface License {
  id: string;
  title: string;
  url: string;
  od_conformance: 'approved' | 'not reviewed' | 'rejected';
  osd_conformance: 'approved' | 'not reviewed' | 'rejected';
  domain_content: boolean;
  domain_data: boolean;
  domain_software: boolean;
  is_generic: boolean;
}

const od = (id: string, title: string, url: string, content = true, data = true): License => ({
  id,
  title,
  url,
  od_conformance: 'approved',
  osd_conformance: 'not reviewed',
  domain_content: content,
  domain_data: data,
  domain_software: false,
  is_generic: false,
});

export const LICENSES: License[] = [
  {
    ...od('notspecified', 'License not specified', '', false, false),
    od_conformance: 'not reviewed',
    is_generic: true,
  },
  od(
    'odc-pddl',
    'Open Data Commons Public Domain Dedication and License (PDDL)',
    'http://www.opendefinition.org/licenses/odc-pddl',
    false,
    true,
  ),
  od(
    'odc-odbl',
    'Open Data Commons Open Database License (ODbL)',
    'http://www.opendefinition.org/licenses/odc-odbl',
    false,
    true,
  ),
  od('odc-by', 'Open Data Commons Attribution License', 'http://www.opendefinition.org/licenses/odc-by', false, true),
  od('cc-zero', 'Creative Commons CCZero', 'http://www.opendefinition.org/licenses/cc-zero'),
  od('cc-by', 'Creative Commons Attribution', 'http://www.opendefinition.org/licenses/cc-by'),
  od('cc-by-sa', 'Creative Commons Attribution Share-Alike', 'http://www.opendefinition.org/licenses/cc-by-sa'),
  od('gfdl', 'GNU Free Documentation License', 'http://www.opendefinition.org/licenses/gfdl', true, false),
  { ...od('other-open', 'Other (Open)', ''), is_generic: true },
  { ...od('other-pd', 'Other (Public Domain)', ''), is_generic: true },
  { ...od('other-at', 'Other (Attribution)', ''), is_generic: true },
  od('uk-ogl', 'UK Open Government Licence (OGL)', 'http://reference.data.gov.uk/id/open-government-licence'),
  {
    ...od('cc-nc', 'Creative Commons Non-Commercial (Any)', 'http://creativecommons.org/licenses/by-nc/2.0/'),
    od_conformance: 'not reviewed',
  },
  { ...od('other-nc', 'Other (Non-Commercial)', ''), od_conformance: 'not reviewed', is_generic: true },
  { ...od('other-closed', 'Other (Not Open)', ''), od_conformance: 'not reviewed', is_generic: true },
];

export const LICENSE_BY_ID = new Map(LICENSES.map((l) => [l.id, l]));

export function isOpen(licenseId: string | null): boolean {
  const l = licenseId ? LICENSE_BY_ID.get(licenseId) : undefined;
  return !!l && (l.od_conformance === 'approved' || l.osd_conformance === 'approved');
}
