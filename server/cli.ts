import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateWorkspaceRequest, RotateKeysRequest } from '../shared/workspace.ts';
import { createSecretBox } from './crypto.ts';
import { openDatabase } from './db/client.ts';
import { findConsoleUsersByEmail } from './db/queries/console.ts';
import { loadEncryptionKey } from './encryption-key.ts';
import { loadEnv } from './env.ts';
import { ApiError } from './http/api-error.ts';
import { resetTwoStep } from './services/console-two-step.ts';
import { inviteUser, resetPassword } from './services/console-users.ts';
import { assertEncryptionKey } from './services/key-check.ts';
import { deleteWorkspace, listWorkspaces, purgeWorkspaceNow } from './services/workspace-deletion.ts';
import { createWorkspace, rotateKeys } from './services/workspaces.ts';

/**
 * Operator CLI for when the server is not running (the embedded PGlite directory admits one
 * process at a time): `npm run attach -- workspace create --name Acme --origin https://app.acme.com`
 * `npm run attach -- keys rotate <workspaceId> --keys secret,identity`, and a new password for a
 * console user locked out of a workspace with no other owner. Works on the same
 * database as the server (DATABASE_URL, or PGlite in ATTACH_DATA_DIR) through the same services.
 */
const USAGE = `Usage:
  npm run attach -- workspace create --name <name> [--origin <url>]... [--owner-email <email>]
  npm run attach -- workspace list
  npm run attach -- workspace delete <workspaceId> --confirm <its name>
  npm run attach -- keys rotate <workspaceId> --keys publishable,secret,identity [--overlap <seconds>]
  npm run attach -- console-user password <workspaceId> --email <email>

Secrets are printed once, as JSON; only hashes or ciphertexts are stored.
With the embedded database (no DATABASE_URL) stop the server first.`;

class UsageError extends Error {}

type Command = (tools: Tools, args: string[]) => Promise<unknown>;
interface Tools {
  deps: { secretBox: ReturnType<typeof createSecretBox>; now: () => Date };
  database: Awaited<ReturnType<typeof openDatabase>>;
}

/** A password generated for a console user the CLI creates or resets, printed once. */
const generatedPassword = () => randomBytes(12).toString('base64url');

const OPTION_OF: Record<string, string> = { allowedOrigins: 'origin', owner: 'owner-email' };

/** With --owner-email, the workspace's first owner too, with a generated password (as the operator API's `owner`). */
const createCommand: Command = async ({ deps, database }, args) => {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'owner-email': { type: 'string' },
    },
  });
  const ownerEmail = values['owner-email'];
  const owner = ownerEmail === undefined ? undefined : { email: ownerEmail, password: generatedPassword() };
  const input = CreateWorkspaceRequest.safeParse({
    name: values.name,
    allowedOrigins: values.origin ?? [],
    ...(owner ? { owner } : {}),
  });
  if (!input.success) {
    const issue = input.error.issues[0];
    throw new UsageError(`--${OPTION_OF[String(issue?.path[0])] ?? 'name'}: ${issue?.message}`);
  }
  const { credentials } = await database.db.transaction(async (tx) => {
    const created = await createWorkspace(deps, tx, input.data, 'cli');
    const first = input.data.owner;
    if (first) await inviteUser(tx, created.row.id, { ...first, role: 'owner' }, 'cli');
    return created;
  });
  return input.data.owner ? { ...credentials, owner: input.data.owner } : credentials;
};

const rotateCommand: Command = async ({ deps, database }, args) => {
  const { values, positionals } = parseArgs({
    args,
    options: { keys: { type: 'string' }, overlap: { type: 'string' } },
    allowPositionals: true,
  });
  const [workspaceId] = positionals;
  if (!workspaceId) throw new UsageError('keys rotate needs a workspace id');
  const request = RotateKeysRequest.safeParse({
    keys: (values.keys ?? '').split(',').filter(Boolean),
    overlapSeconds: values.overlap === undefined ? 0 : Number(values.overlap),
  });
  if (!request.success) {
    const overlap = request.error.issues.some((i) => i.path[0] === 'overlapSeconds');
    throw new UsageError(
      overlap
        ? '--overlap: whole seconds the old keys keep working, 0 to 604800'
        : '--keys: a comma-separated list of publishable, secret, identity',
    );
  }
  const { keys, overlapSeconds } = request.data;
  return database.db.transaction((tx) => rotateKeys(deps, tx, workspaceId, 'cli', keys, overlapSeconds));
};

/**
 * A generated password for a console user who cannot get one from an owner (the only owner forgot
 * theirs): printed once, all their sessions ended, their two-step sign-in off, recorded in the audit
 * log as set by `cli`.
 */
const passwordCommand: Command = async ({ database }, args) => {
  const { values, positionals } = parseArgs({
    args,
    options: { email: { type: 'string' } },
    allowPositionals: true,
  });
  const [workspaceId] = positionals;
  if (!workspaceId || !values.email)
    throw new UsageError('console-user password needs a workspace id and --email');
  const email = values.email.trim().toLowerCase();
  const password = generatedPassword();
  await database.db.transaction(async (tx) => {
    const [user] = await findConsoleUsersByEmail(tx, email, workspaceId);
    if (!user) throw new UsageError(`No console user ${email} in workspace ${workspaceId}`);
    await resetPassword(tx, workspaceId, user.id, password, { id: undefined, actor: 'cli' });
    // The way back in for an owner who also lost their authenticator app.
    await resetTwoStep(tx, workspaceId, user.id, 'cli');
  });
  return { workspaceId, email, password };
};

const listCommand: Command = async ({ database }) => ({ data: await listWorkspaces({ database }) });

/**
 * Deletes a workspace and purges its data now: no server runs beside the CLI on the embedded
 * database (on PostgreSQL, stop the servers first, or delete through the operator API instead).
 */
const deleteCommand: Command = async ({ deps, database }, args) => {
  const { values, positionals } = parseArgs({
    args,
    options: { confirm: { type: 'string' } },
    allowPositionals: true,
  });
  const [workspaceId] = positionals;
  if (!workspaceId || values.confirm === undefined)
    throw new UsageError('workspace delete needs a workspace id and --confirm <its name>');
  const deleted = await deleteWorkspace({ database, now: deps.now }, workspaceId, values.confirm);
  return { ...deleted, purgedRows: await purgeWorkspaceNow({ database }, workspaceId) };
};

const COMMANDS: Record<string, Command> = {
  'workspace create': createCommand,
  'workspace list': listCommand,
  'workspace delete': deleteCommand,
  'keys rotate': rotateCommand,
  'console-user password': passwordCommand,
};

async function main(argv: string[]): Promise<number> {
  const [group, action, ...rest] = argv;
  const command = COMMANDS[`${group} ${action}`];
  if (!command) {
    console.error(
      group === undefined || group === '--help' ? USAGE : `Unknown command "${argv.join(' ')}"\n\n${USAGE}`,
    );
    return group === '--help' ? 0 : 1;
  }
  const env = loadEnv();
  const database = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATABASE_URL ? undefined : join(env.ATTACH_DATA_DIR, 'pglite'),
    max: 2,
  });
  try {
    const secretBox = createSecretBox(loadEncryptionKey(env.ATTACH_ENCRYPTION_KEY, env.ATTACH_DATA_DIR));
    await assertEncryptionKey(database, secretBox);
    const result = await command({ deps: { secretBox, now: () => new Date() }, database }, rest);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    const known = err instanceof UsageError || err instanceof ApiError || err instanceof TypeError;
    console.error(known ? `attach: ${err.message}` : `attach: failed: ${err.message}`);
    if (err instanceof UsageError) console.error(`\n${USAGE}`);
    process.exit(1);
  },
);
