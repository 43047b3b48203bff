/**
 * A v4 UUID. `crypto.randomUUID` exists only in secure contexts; elsewhere a blob URL, whose last
 * 36 characters are a random UUID in every browser, does the job in a few bytes.
 */
export function uuid(): string {
  if (crypto.randomUUID) return crypto.randomUUID();
  const url = URL.createObjectURL(new Blob());
  URL.revokeObjectURL(url);
  return url.slice(-36);
}
