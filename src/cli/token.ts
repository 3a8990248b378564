import { parseArgs } from 'node:util';
import { byRef } from '../db/ref.ts';
import { openDatabase } from './open.ts';
import { createToken } from '../auth/users.ts';

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { name: { type: 'string' } } });
  const [verb, userRef] = positionals;
  if (verb !== 'create' || !userRef) {
    process.stderr.write('usage: pasport token create USER [--name N]\n');
    return 2;
  }
  const { connection } = await openDatabase();
  try {
    const user = await byRef(connection.db, 'user', userRef);
    if (!user) {
      process.stderr.write(`pasport: no user ${userRef}\n`);
      return 1;
    }
    const { token } = await createToken(connection.db, user.id, values.name ?? 'cli');
    process.stdout.write(`${token}\n`);
    return 0;
  } finally {
    await connection.close();
  }
}
