import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/errors.ts';
import { call, createTestApp, createWorkspace, OPERATOR_TOKEN, signUserToken } from '../../support/app.ts';
import { type OpenApiOperation, openApiOperations } from '../../support/openapi.ts';
import { arbitraryFor, type OpenApiDoc, parameterValue } from '../../support/openapi-arbitrary.ts';

/**
 * Property: whatever JSON arrives — in the body, the query, the path or the documented headers —
 * with valid credentials, the API never answers 5xx, and every 4xx carries the one error envelope
 * with a known code. Operations come from the app's own OpenAPI document, so new routes are covered
 * without touching this file.
 */
const ctx = await createTestApp();
const creds = await createWorkspace(ctx, { name: 'Fuzz' });
const userToken = await signUserToken(creds.identitySecret, {
  sub: 'fuzz-user',
  account: 'fuzz-account',
  role: 'admin',
});
const doc = (await (await ctx.app.request('/openapi.json')).json()) as OpenApiDoc;
afterAll(() => ctx.close());

const KNOWN = new Set<string>(ERROR_CODES);
/** Rotating our own keys would lock the rest of the run out; they are fuzzed with hostile bodies only. */
const keyRotation = (op: OpenApiOperation) => op.path.endsWith('/rotate-keys');

function auth(op: OpenApiOperation): { key?: string; token?: string } {
  const schemes = (op.operation.security ?? []).flatMap((s) => Object.keys(s));
  if (schemes.includes('publishableKey')) return { key: creds.publishableKey, token: userToken };
  if (schemes.includes('operatorToken')) return { token: OPERATOR_TOKEN };
  return { key: creds.secretKey };
}

function requestArbitrary(op: OpenApiOperation) {
  const params = op.operation.parameters ?? [];
  const values = Object.fromEntries(params.map((p) => [`${p.in}:${p.name}`, parameterValue(doc, p.schema)]));
  const bodySchema = op.operation.requestBody?.content?.['application/json']?.schema;
  const body = keyRotation(op) ? fc.jsonValue({ maxDepth: 2 }) : arbitraryFor(doc, bodySchema);
  return fc.record({ params: fc.record(values, { requiredKeys: [] }), body });
}

function buildRequest(op: OpenApiOperation, params: Record<string, string | undefined>) {
  let path = op.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const p of op.operation.parameters ?? []) {
    const value = params[`${p.in}:${p.name}`];
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(value || 'x'));
    else if (value === undefined) continue;
    else if (p.in === 'query') query.set(p.name, value);
    else if (p.in === 'header') headers[p.name] = value.replace(/[^\x20-\x7e]/g, '');
  }
  const qs = query.toString();
  return { url: qs ? `${path}?${qs}` : path, headers };
}

describe('fuzz › every operation of /openapi.json with random input', () => {
  const operations = openApiOperations(doc);
  it('covers the whole document', () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  for (const op of operations) {
    it(`${op.method.toUpperCase()} ${op.path} › never 5xx; 4xx always carry the envelope`, async () => {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(op), async ({ params, body }) => {
          const { url, headers } = buildRequest(op, params);
          const hasBody = op.method !== 'get' && op.method !== 'delete';
          const res = await call(ctx, op.method.toUpperCase(), url, {
            ...auth(op),
            headers,
            body: hasBody ? JSON.stringify(body ?? null) : undefined,
          });
          expect(res.status, `${op.method} ${url} → ${res.text.slice(0, 300)}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(KNOWN.has(res.body?.error?.code), res.text.slice(0, 300)).toBe(true);
            expect(typeof res.body.error.message).toBe('string');
          }
        }),
        { numRuns: 30 },
      );
    }, 120_000);
  }
});
