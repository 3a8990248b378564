import { parseArgs } from 'node:util';
import { openDatabase } from './open.ts';
import { createToken, ensureUser } from '../auth/users.ts';
import { nameErrors } from '../packages/names.ts';

export async function run(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { email: { type: 'string' } } });
  const [verb, name] = positionals;
  if (verb !== 'add' || !name) {
    process.stderr.write('usage: pasport sysadmin add NAME [--email E]\n');
    return 2;
  }
  const problems = nameErrors(name);
  if (problems.length) {
    process.stderr.write(`pasport: bad user name: ${problems.join('; ')}\n`);
    return 2;
  }
  const { connection } = await openDatabase();
  try {
    const user = await ensureUser(connection.db, name, { sysadmin: true, email: values.email ?? null });
    const { token } = await createToken(connection.db, user.id, 'cli');
    process.stdout.write(`sysadmin ${user.name} (${user.id})\n${token}\n`);
    return 0;
  } finally {
    await connection.close();
  }
}
