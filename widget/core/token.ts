/** Reads (does not verify: the server does) the claims of the host-signed end-user JWT. */
export function claims(token: string | undefined): { sub?: string; locale?: string } {
  try {
    const part = token?.split('.')[1];
    if (!part) return {};
    // escape() turns atob's Latin-1 string into %XX bytes that decodeURIComponent reads as UTF-8:
    // the same result as a TextDecoder, for fewer bytes of widget.
    return JSON.parse(decodeURIComponent(escape(atob(part.replace(/-/g, '+').replace(/_/g, '/'))))) as {
      sub?: string;
      locale?: string;
    };
  } catch {
    return {};
  }
}
