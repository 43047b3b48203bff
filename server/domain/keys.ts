/**
 * API key format: `<prefix>_<32 base62 random chars><6 base62 checksum chars>`. The checksum lets
 * secret scanners (and our own auth) reject typos and spot leaked keys without a database lookup.
 * Randomness is passed in so this stays pure.
 */
export type KeyKind = 'pk' | 'sk' | 'ids' | 'whsec';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 32;
const CHECK_LENGTH = 6;

function crc32(text: string): number {
  let crc = ~0;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i);
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

/** Builds a key from ≥ 32 random bytes. */
export function formatKey(kind: KeyKind, random: Uint8Array): string {
  if (random.length < BODY_LENGTH) throw new Error(`need ${BODY_LENGTH} random bytes`);
  let body = '';
  // 62 × 4 = 248 < 256: rejection would be unbiased, but the bias of a plain modulo on 256 is
  // below 0.4 bits over the whole key, well past any practical attack; keep it simple.
  for (let i = 0; i < BODY_LENGTH; i++) body += ALPHABET[(random[i] ?? 0) % 62];
  return `${kind}_${body}${base62(crc32(body), CHECK_LENGTH)}`;
}

/** True when the key has the right prefix, shape and checksum. */
export function isWellFormedKey(kind: KeyKind, key: string): boolean {
  const prefix = `${kind}_`;
  if (!key.startsWith(prefix) || key.length !== prefix.length + BODY_LENGTH + CHECK_LENGTH) return false;
  const body = key.slice(prefix.length, prefix.length + BODY_LENGTH);
  const check = key.slice(prefix.length + BODY_LENGTH);
  return /^[0-9A-Za-z]+$/.test(body) && base62(crc32(body), CHECK_LENGTH) === check;
}

/** What the console may show of a secret key: its prefix and last four characters. */
export function keyHint(key: string): string {
  return `${key.slice(0, 3)}…${key.slice(-4)}`;
}

const KEY_NAMES = {
  pk: 'publishable key',
  sk: 'secret key',
  ids: 'identity secret',
  whsec: 'webhook secret',
};

/**
 * Why `key` is refused where a `kind` key belongs, naming the kind it is when it is another of
 * ours: sending the publishable key to the admin API (or the reverse) is the usual mix-up.
 */
export function malformedKeyMessage(kind: 'pk' | 'sk', key: string): string {
  const other = (Object.keys(KEY_NAMES) as KeyKind[]).find((k) => k !== kind && isWellFormedKey(k, key));
  if (!other) return `Malformed ${KEY_NAMES[kind]}`;
  const leak = other === 'pk' ? '' : `; a ${KEY_NAMES[other]} must never reach a browser or a client`;
  return `This is a ${KEY_NAMES[other]} (${other}_…), not the ${KEY_NAMES[kind]} (${kind}_…) this API takes${leak}`;
}
