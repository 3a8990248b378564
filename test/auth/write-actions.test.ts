// The authorization table over every write action and role, on PostgreSQL (table.ts explains it).
import t from 'tap';
import { authorizationTable } from './table.ts';

t.test('every write action x role, on an object of another organization (PostgreSQL)', (t) => authorizationTable(t));
