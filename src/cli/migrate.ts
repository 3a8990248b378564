import { openDatabase } from './open.ts';

export async function run(): Promise<number> {
  const { connection, applied } = await openDatabase();
  await connection.close();
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  return 0;
}
