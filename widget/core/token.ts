/** Reads (does not verify: the server does) the claims of the host-signed end-user JWT. */
export function claims(token: string | undefined): { sub?: string; locale?: string } {
  try {
    const part = token?.split('.')[1];
    if (!part) return {};
    const bytes = Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as { sub?: string; locale?: string };
  } catch {
    return {};
  }
}
