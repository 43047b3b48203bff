import { z } from 'zod';

/** `http(s)://*.example.com[:port]`: any subdomain of example.com (not example.com itself). */
const WILDCARD = /^(https?):\/\/\*\.([^/:?#]+)(:\d+)?(?:[/?#].*)?$/i;
/**
 * What a normalised entry looks like: `*`, an origin, or a wildcard-subdomain origin whose domain
 * has at least two labels (`https://*.com` would admit every .com site).
 */
const PATTERN =
  /^(\*|https?:\/\/([a-z0-9-]+\.)*[a-z0-9-]+(:\d+)?|https?:\/\/\*\.([a-z0-9-]+\.)+[a-z0-9-]+(:\d+)?|https?:\/\/\[[0-9a-f:.]+\](:\d+)?)$/;

/**
 * An allowlist entry as a browser would send it in `Origin`: a pasted URL keeps only its origin
 * (`https://App.example.com/` → `https://app.example.com`, default port dropped). Anything that is
 * not an http(s) URL is returned as given, for the schema to refuse.
 */
export function normaliseOrigin(entry: string): string {
  const value = entry.trim();
  if (value === '*') return value;
  const wildcard = WILDCARD.exec(value);
  if (wildcard) {
    const [, scheme = '', host = '', port = ''] = wildcard;
    // The host goes through URL for the same lower-casing, punycode and default-port rules.
    const parsed = URL.canParse(`${scheme}://x.${host}${port}`)
      ? new URL(`${scheme}://x.${host}${port}`)
      : null;
    return parsed ? `${parsed.protocol}//*.${parsed.host.slice(2)}` : value;
  }
  if (!URL.canParse(value)) return value;
  const url = new URL(value);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : value;
}

/**
 * A browser origin allowed to call the widget API: `https://app.example.com`, any subdomain with
 * `https://*.example.com`, or `*` (any origin; development only). Stored normalised.
 */
export const AllowedOrigin = z
  .string()
  .max(300)
  .overwrite(normaliseOrigin)
  .refine((o) => PATTERN.test(o), {
    message: 'Use an http(s) origin such as https://app.example.com, https://*.example.com, or *',
  });

const LABELS = /^([a-z0-9-]+\.)*[a-z0-9-]+$/;

/** An allowlist: at most 50 entries, each normalised, duplicates dropped. */
export const AllowedOrigins = z
  .array(AllowedOrigin)
  .max(50)
  .overwrite((list) => [...new Set(list)]);

/** Whether a request's `Origin` is on the allowlist (entries normalised as above). */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  for (const entry of allowed) {
    if (entry === '*' || entry === origin) return true;
    const star = entry.indexOf('://*.');
    // Only a well-formed wildcard widens the match (an older, unchecked `https://*.` must not).
    if (star < 0 || !PATTERN.test(entry)) continue;
    // `https://*.example.com` allows `https://<one or more labels>.example.com`, same scheme and port.
    const scheme = entry.slice(0, star + 3);
    const suffix = entry.slice(star + 4);
    if (!origin.startsWith(scheme) || !origin.endsWith(suffix)) continue;
    if (LABELS.test(origin.slice(scheme.length, origin.length - suffix.length))) return true;
  }
  return false;
}
