// Column helpers shared by the table interfaces: timestamps and JSON columns are read as parsed values
// and written as text.
import type { ColumnType } from 'kysely';

export type Ts = ColumnType<string, string | undefined, string>;
export type Json<T> = ColumnType<T, string | undefined, string>;
