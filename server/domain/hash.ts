/**
 * cyrb53: a fast, well-mixed, non-cryptographic 53-bit string hash (public domain, bryc). Used where
 * the engine needs determinism without I/O: holdout buckets and offer versions. Not for secrets.
 */
export function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The hash as 14 lowercase hex digits (fixed width so versions compare as plain strings). */
export function cyrb53Hex(text: string, seed = 0): string {
  return cyrb53(text, seed).toString(16).padStart(14, '0');
}
