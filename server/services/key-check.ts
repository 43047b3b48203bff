import { eq } from 'drizzle-orm';
import type { SecretBox } from '../crypto.ts';
import type { Database } from '../db/client.ts';
import { instanceMeta, webhookEndpoints, workspaces } from '../db/schema/index.ts';

export class EncryptionKeyMismatchError extends Error {}

const KEY = 'key_check';
const PLAIN = 'attach-encryption-key-check';

const mismatch = () =>
  new EncryptionKeyMismatchError(
    'The encryption key does not open the secrets this database holds: every instance and the CLI ' +
      'need the same ATTACH_ENCRYPTION_KEY (a key generated into ATTACH_DATA_DIR/encryption.key is ' +
      'this machine’s alone). Set the key the database was first used with.',
  );

const opens = (box: SecretBox, sealed: string) => {
  try {
    box.open(sealed);
    return true;
  } catch {
    return false;
  }
};

/**
 * Refuses to run with an encryption key other than the one the database's secrets were sealed with.
 * Without the check, a second instance (or the CLI) started without the shared key seals new secrets
 * that the others cannot open, and every token check then fails as a 500. The first start records
 * a sealed check value; a database from before the check is verified against a secret it holds.
 */
export async function assertEncryptionKey(database: Database, box: SecretBox): Promise<void> {
  const { db } = database;
  const [stored] = await db.select().from(instanceMeta).where(eq(instanceMeta.key, KEY));
  if (stored) {
    if (!opens(box, stored.value)) throw mismatch();
    return;
  }
  const [workspace] = await db.select({ sealed: workspaces.identitySecretEnc }).from(workspaces).limit(1);
  const [endpoint] = await db.select({ sealed: webhookEndpoints.secretEnc }).from(webhookEndpoints).limit(1);
  for (const existing of [workspace, endpoint])
    if (existing && !opens(box, existing.sealed)) throw mismatch();
  await db
    .insert(instanceMeta)
    .values({ key: KEY, value: box.seal(PLAIN) })
    .onConflictDoNothing();
  // Instances starting together: the value that won the insert is the one every key must open.
  const [winner] = await db.select().from(instanceMeta).where(eq(instanceMeta.key, KEY));
  if (!winner || !opens(box, winner.value)) throw mismatch();
}
