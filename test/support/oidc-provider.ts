import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

/**
 * A real OpenID Connect provider on 127.0.0.1, small but strict where a provider must be: codes
 * are single-use and bound to the client, the redirect URI and the PKCE challenge; the token
 * endpoint wants the client's secret (HTTP Basic); id tokens are RS256-signed with a key its JWKS
 * publishes. `/authorize` signs in whoever `signInAs` names at once, as a provider would after its
 * login page. Tests bend it to misbehave (`tokenClaims`, `signWithUnpublishedKey`, `rotateKey`).
 */
export interface OidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the next authorization signs in (claims of the id token: email, email_verified, name …). */
  signInAs(claims: JWTPayload): void;
  /** Overrides claims of the next id tokens (a wrong nonce, another audience, an old expiry …). */
  tokenClaims(claims: JWTPayload | null): void;
  /** Answers the next authorization with `?error=access_denied` instead of a code. */
  denyNext(): void;
  /** Signs id tokens with a key the JWKS does not publish (a forger). */
  signWithUnpublishedKey(on: boolean): void;
  /** A new signing key, published in place of the old one (a provider's key rotation). */
  rotateKey(): Promise<void>;
  /** Token requests it answered, with whether they were granted. */
  tokenRequests: Array<{ granted: boolean; reason?: string }>;
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string | null;
  claims: JWTPayload;
}

async function newKey() {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(8).toString('hex');
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** `now`: the clock its tokens' times come from (the app's, when a test moves it). */
export async function startOidcProvider(now: () => Date = () => new Date()): Promise<OidcProvider> {
  const clientId = 'attach-console';
  const clientSecret = `secret-${randomBytes(12).toString('hex')}`;
  let key = await newKey();
  const forger = await newKey();
  let forge = false;
  let who: JWTPayload = { sub: 'nobody' };
  let overrides: JWTPayload | null = null;
  let deny = false;
  const grants = new Map<string, Grant>();
  const tokenRequests: OidcProvider['tokenRequests'] = [];
  let issuer = '';

  const readBody = (req: import('node:http').IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [key.jwk] });
    if (url.pathname === '/authorize') {
      const q = url.searchParams;
      const redirect = new URL(q.get('redirect_uri') ?? '');
      redirect.searchParams.set('state', q.get('state') ?? '');
      if (deny) {
        deny = false;
        redirect.searchParams.set('error', 'access_denied');
      } else if (q.get('client_id') !== clientId || q.get('code_challenge_method') !== 'S256') {
        redirect.searchParams.set('error', 'invalid_request');
      } else {
        const code = randomBytes(16).toString('base64url');
        grants.set(code, {
          clientId,
          redirectUri: q.get('redirect_uri') ?? '',
          challenge: q.get('code_challenge') ?? '',
          nonce: q.get('nonce'),
          claims: who,
        });
        redirect.searchParams.set('code', code);
      }
      return res.writeHead(302, { location: redirect.toString() }).end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const [id, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
        .toString('utf8')
        .split(':')
        .map(decodeURIComponent);
      const code = form.get('code') ?? '';
      const grant = grants.get(code);
      grants.delete(code);
      const refuse = (reason: string) => {
        tokenRequests.push({ granted: false, reason });
        return json(400, { error: 'invalid_grant', error_description: reason });
      };
      if (id !== clientId || secret !== clientSecret) return refuse('client authentication failed');
      if (form.get('grant_type') !== 'authorization_code') return refuse('grant type');
      if (!grant) return refuse('unknown or used code');
      if (form.get('redirect_uri') !== grant.redirectUri) return refuse('redirect_uri differs');
      if (s256(form.get('code_verifier') ?? '') !== grant.challenge) return refuse('PKCE verifier');
      const signer = forge ? forger : key;
      const at = Math.floor(now().getTime() / 1000);
      const idToken = await new SignJWT({
        iss: issuer,
        aud: clientId,
        iat: at,
        exp: at + 300,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
        ...grant.claims,
        ...overrides,
      })
        .setProtectedHeader({ alg: 'RS256', kid: signer.kid })
        .sign(signer.privateKey);
      tokenRequests.push({ granted: true });
      return json(200, { access_token: 'opaque', token_type: 'Bearer', id_token: idToken, expires_in: 300 });
    }
    return json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (claims) => {
      who = claims;
    },
    tokenClaims: (claims) => {
      overrides = claims;
    },
    denyNext: () => {
      deny = true;
    },
    signWithUnpublishedKey: (on) => {
      forge = on;
    },
    rotateKey: async () => {
      key = await newKey();
    },
    tokenRequests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
