// The authorization table on embedded PGlite, for the actions whose rule and handler once read
// different keys (resource_*, package_update/revise) and a sample of the others.
import t from 'tap';
import { authorizationTable } from './table.ts';

t.test('write actions x role on PGlite', (t) =>
  authorizationTable(t, {
    embedded: true,
    only: [
      'resource_update',
      'resource_patch',
      'resource_delete',
      'resource_create',
      'package_update',
      'package_revise',
      'organization_update',
      'member_create',
      'datastore_upsert',
    ],
  }),
);
