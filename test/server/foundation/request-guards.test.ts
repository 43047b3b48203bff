import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { call, createTestApp, createWorkspace, OPERATOR_TOKEN, signUserToken } from '../../support/app.ts';
import { type OpenApiOperation, openApiOperations } from '../../support/openapi.ts';

/**
 * Table tests over every operation of /openapi.json: a body that is not JSON, a body over the limit
 * and a request without credentials each get their one documented answer, whoever wrote the route.
 */
const ctx = await createTestApp({ bodyLimitBytes: 64 * 1024 });
const creds = await createWorkspace(ctx, { name: 'Guards' });
const userToken = await signUserToken(creds.identitySecret, { sub: 'guard-user', account: 'guard-account' });
const doc = await (await ctx.app.request('/openapi.json')).json();
afterAll(() => ctx.close());

const operations = openApiOperations(doc);
const schemes = (op: OpenApiOperation) => (op.operation.security ?? []).flatMap((s) => Object.keys(s));
const hasBody = (op: OpenApiOperation) => op.operation.requestBody !== undefined;

function auth(op: OpenApiOperation): { key?: string; token?: string } {
  if (schemes(op).includes('publishableKey')) return { key: creds.publishableKey, token: userToken };
  if (schemes(op).includes('operatorToken')) return { token: OPERATOR_TOKEN };
  return { key: creds.secretKey };
}

/** A URL whose path parameters pass their own validation, so the request reaches the body parser. */
function url(op: OpenApiOperation): { path: string; headers: Record<string, string> } {
  let path = op.path;
  const headers: Record<string, string> = {};
  for (const p of op.operation.parameters ?? []) {
    const value = p.schema?.format === 'uuid' ? randomUUID() : 'abc';
    if (p.in === 'path') path = path.replace(`{${p.name}}`, value);
    if (p.in === 'header' && p.required) headers[p.name] = randomUUID();
  }
  return { path, headers };
}

describe('request guards › every documented operation', () => {
  const withBody = operations.filter(hasBody);
  const secured = operations.filter((op) => schemes(op).length > 0);

  it.each(
    withBody.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const),
  )('%s › a body that is not JSON answers 400 malformed_json', async (_name, op) => {
    const { path, headers } = url(op);
    const res = await call(ctx, op.method.toUpperCase(), path, {
      ...auth(op),
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"items": [',
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it.each(
    withBody
      .filter((op) => op.path.startsWith('/v1/'))
      .map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const),
  )('%s › a body over the limit answers 413 payload_too_large', async (_name, op) => {
    const { path, headers } = url(op);
    const res = await call(ctx, op.method.toUpperCase(), path, {
      ...auth(op),
      headers,
      body: { padding: 'x'.repeat(70 * 1024) },
    });
    expect(res.status, res.text).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it.each(
    secured.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const),
  )('%s › without credentials answers 401 with the envelope', async (_name, op) => {
    const { path, headers } = url(op);
    const res = await call(ctx, op.method.toUpperCase(), path, {
      headers,
      body: hasBody(op) ? {} : undefined,
    });
    expect(res.status, res.text).toBe(401);
    expect(['unauthorized', 'invalid_api_key', 'invalid_user_token']).toContain(res.body.error.code);
  });
});

describe('the OpenAPI document', () => {
  it('names every operation, uniquely, for SDK generators, and describes each security scheme', () => {
    const ids: string[] = [];
    for (const item of Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>))
      for (const op of Object.values(item))
        if (op && typeof op === 'object' && 'responses' in op) ids.push(op.operationId ?? '');
    expect(ids.length).toBeGreaterThan(50);
    expect(ids.filter((id) => !/^(get|put|post|patch|delete)[A-Z]\w+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/v1/admin/campaigns/{id}/revisions'].get.operationId).toBe(
      'getAdminCampaignsByIdRevisions',
    );
    const schemes = Object.entries(
      doc.components.securitySchemes as Record<string, { description?: string }>,
    );
    expect(schemes.filter(([, s]) => !s.description).map(([name]) => name)).toEqual([]);
  });
});
