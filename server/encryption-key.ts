import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEncryptionKey } from './crypto.ts';

/**
 * The key that seals identity and webhook secrets. From ATTACH_ENCRYPTION_KEY when set (required
 * for several instances); otherwise generated once into the data directory so a single embedded
 * instance works out of the box and keeps working after restarts.
 */
export function loadEncryptionKey(fromEnv: string | undefined, dataDir: string): Buffer {
  if (fromEnv) return parseEncryptionKey(fromEnv);
  const file = join(dataDir, 'encryption.key');
  if (existsSync(file)) return parseEncryptionKey(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}
