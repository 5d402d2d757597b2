// npm run apikey -- create --role <role> [--body <bodyId> --name "<Surname I.I.>" --position <text>] [--label <text>] | list | revoke <id>
// Works on the case register named by DATABASE_URL; migrates it first. `create` prints the new
// key on its last line — the only time it is shown: only its hash is stored.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey, ROLES } from '../db/api-keys';
import { findBody } from '../db/bodies';
import { createDb, type Db } from '../db/database';
import { migrateToLatest } from '../db/migrate';
import { bodyIdSchema, personSchema, surnameAndInitialsSchema } from '../domain/complaint';
import { lineText } from '../domain/text';

const USAGE = `usage:
  npm run apikey -- create --role <${ROLES.join('|')}> [--label <text>]
  npm run apikey -- create --role official --body <bodyId> --name "<Surname I.I.>" --position <text> [--label <text>]
  npm run apikey -- list
  npm run apikey -- revoke <keyId>`;

const commandSchema = z.discriminatedUnion('command', [
  z
    .object({
      command: z.literal('create'),
      role: z.enum(ROLES),
      body: bodyIdSchema.optional(),
      name: surnameAndInitialsSchema.optional(),
      position: lineText(300).optional(),
      label: lineText(200).optional(),
    })
    .refine((c) => (c.role === 'official') === (c.body !== undefined), {
      message: 'an official key needs --body <bodyId>; other roles take none',
      path: ['body'],
    })
    .refine((c) => (c.role === 'official') === (c.name !== undefined && c.position !== undefined), {
      message:
        'an official key is issued to a person: --name "<Surname I.I.>" and --position; other roles take neither',
      path: ['name'],
    }),
  z.object({ command: z.literal('list') }),
  z.object({
    command: z.literal('revoke'),
    id: z.string().regex(/^key_[0-9a-f]{12}$/, 'a key id looks like key_0123456789ab'),
  }),
]);

const OPTIONS = {
  role: { type: 'string' },
  body: { type: 'string' },
  label: { type: 'string' },
  name: { type: 'string' },
  position: { type: 'string' },
} as const;

/** "Досаев Е.А." → surname and initials. */
function personOf(name: string, position: string) {
  const [, surname, initials] = /^(.*\S)\s+(\p{Lu}\.(?:\s?\p{Lu}\.)?)$/u.exec(name) ?? [];
  return personSchema.parse({ surname, initials, position });
}

function readCommand(argv: string[]): z.infer<typeof commandSchema> {
  let args: ReturnType<typeof parseArgs<{ allowPositionals: true; strict: true; options: typeof OPTIONS }>>;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USAGE}`, { cause: err });
  }
  const { values, positionals } = args;
  const [command, id] = positionals;
  const parsed = commandSchema.safeParse({ command, id, ...values });
  if (!parsed.success) {
    throw new Error(
      `${parsed.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('; ')}\n${USAGE}`,
    );
  }
  return parsed.data;
}

async function run(db: Db, cmd: z.infer<typeof commandSchema>): Promise<void> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  switch (cmd.command) {
    case 'create': {
      if (cmd.body && !(await findBody(db, cmd.body))) throw new Error(`no body ${cmd.body} in the register`);
      const person = cmd.name && cmd.position ? personOf(cmd.name, cmd.position) : null;
      const { id, key } = await createApiKey(db, cmd.role, cmd.body ?? null, cmd.label ?? null, person);
      const holder = person ? `, issued to ${person.surname} ${person.initials} (${person.position})` : '';
      say(
        `created ${id}: role ${cmd.role}${cmd.body ? ` at ${cmd.body}` : ''}${holder}; the key is shown once, store it now:`,
      );
      say(key);
      return;
    }
    case 'list':
      for (const k of await listApiKeys(db)) {
        say(
          [
            k.id,
            k.role.padEnd(8),
            k.bodyId ?? '-',
            k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active',
            k.createdAt.toISOString(),
            k.person ? `${k.person.surname} ${k.person.initials}, ${k.person.position}` : '-',
            k.label ?? '',
          ].join('\t'),
        );
      }
      return;
    case 'revoke':
      if (!(await revokeApiKey(db, cmd.id))) throw new Error(`no active key ${cmd.id}`);
      say(`revoked ${cmd.id}`);
  }
}

async function main(): Promise<number> {
  let cmd: z.infer<typeof commandSchema>;
  try {
    cmd = readCommand(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`apikey: ${(err as Error).message}\n`);
    return 2;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    process.stderr.write(
      "apikey: DATABASE_URL is not set. Keys live in the case register's PostgreSQL, so point\n" +
        'DATABASE_URL at it, e.g. DATABASE_URL=postgres://complaints:complaints@127.0.0.1:<port>/complaints for the\n' +
        'embedded database of `npm start` (its port is printed as "PostgreSQL on port N" at start).\n',
    );
    return 2;
  }
  const db = createDb(url, 2);
  try {
    await migrateToLatest(db);
    await run(db, cmd);
    return 0;
  } catch (err) {
    process.stderr.write(`apikey: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await db.destroy();
  }
}

void main().then((code) => process.exit(code));
