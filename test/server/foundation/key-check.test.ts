import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecretBox } from '../../../server/crypto.ts';
import { instanceMeta } from '../../../server/db/schema/index.ts';
import { assertEncryptionKey, EncryptionKeyMismatchError } from '../../../server/services/key-check.ts';
import { createTestApp, createWorkspace, type TestContext } from '../../support/app.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

const otherKey = () => createSecretBox(randomBytes(32));

describe('the encryption key every instance and the CLI must share', () => {
  it('a database from before the check is verified against a secret it holds, then remembers the key', async () => {
    // The test app sealed this workspace's identity secret with its own key; nothing is recorded yet.
    await createWorkspace(ctx, { name: 'Sealed' });
    expect(await ctx.database.db.select().from(instanceMeta)).toEqual([]);
    await expect(assertEncryptionKey(ctx.database, otherKey())).rejects.toThrow(EncryptionKeyMismatchError);
    expect(await ctx.database.db.select().from(instanceMeta)).toEqual([]);

    await assertEncryptionKey(ctx.database, ctx.deps.secretBox);
    expect(await ctx.database.db.select().from(instanceMeta)).toHaveLength(1);
    // Started again with the same key: fine; with another (an instance without the shared key): refused.
    await assertEncryptionKey(ctx.database, ctx.deps.secretBox);
    await expect(assertEncryptionKey(ctx.database, otherKey())).rejects.toThrow(/same ATTACH_ENCRYPTION_KEY/);
  });

  it('instances starting together on a new database agree on one key', async () => {
    const fresh = await createTestApp();
    try {
      const box = otherKey();
      await Promise.all([assertEncryptionKey(fresh.database, box), assertEncryptionKey(fresh.database, box)]);
      expect(await fresh.database.db.select().from(instanceMeta)).toHaveLength(1);
      await expect(assertEncryptionKey(fresh.database, otherKey())).rejects.toThrow(
        EncryptionKeyMismatchError,
      );
    } finally {
      await fresh.close();
    }
  });
});
