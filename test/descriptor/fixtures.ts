// The pharmacies-of-Astana example of the rules (order 144, appendix 2), and a second dataset that points at it.
import type { Descriptor } from '../../src/descriptor/types.ts';
// The data lives beside the demo catalogue, which loads the same example.
import shared from '../../src/demo/pharmacies.json' with { type: 'json' };

export const KZ_LANGUAGES = ['kk', 'ru', 'en'];

export const pharmacies = shared.pharmacies as Descriptor;

/** Rows of the template (appendix 2, section 3), completed with a schedule and an expiry date. */
export const pharmacyRows = shared.pharmacyRows;

/** What validation stores for pharmacyRows. */
export const pharmacyRecords = [
  { ...pharmacyRows[0], expireDate: '2026-12-31T00:00:00' },
  { ...pharmacyRows[1], expireDate: '2027-06-15T18:30:00' },
];

/** Duty shifts of pharmacies: references astana_pharmacies.id, top level and inside a list of objects. */
export const shifts = shared.shifts as Descriptor;
