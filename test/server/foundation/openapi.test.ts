import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_EVENT_TYPES } from '../../../shared/money.ts';
import { createTestApp, type TestContext } from '../../support/app.ts';
import { openApiOperations } from '../../support/openapi.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.close());

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document listing the foundation routes', async () => {
    const res = await ctx.app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    const ops = openApiOperations(doc).map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(ops).toEqual(
      expect.arrayContaining([
        'POST /v1/workspaces',
        'POST /v1/workspaces/{id}/rotate-keys',
        'GET /v1/admin/products',
        'POST /v1/admin/products',
        'GET /v1/admin/products/{key}',
        'PATCH /v1/admin/products/{key}',
        'DELETE /v1/admin/products/{key}',
        'GET /v1/admin/bundles',
        'POST /v1/admin/bundles',
        'POST /v1/admin/accounts/batch',
        'POST /v1/admin/users/batch',
        'POST /v1/admin/ownership/batch',
        'POST /v1/admin/usage/batch',
        'GET /v1/admin/accounts',
        'GET /v1/admin/accounts/{id}',
        'GET /v1/admin/users',
        'GET /v1/admin/settings',
        'PATCH /v1/admin/settings',
      ]),
    );
  });

  it('lists every webhook under `webhooks`, signed, with a body that references its message and the admin API’s objects', async () => {
    const doc = await (await ctx.app.request('/openapi.json')).json();
    const refsIn = (schema: unknown): string[] =>
      [...JSON.stringify(schema).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1] ?? '');
    const expected = {
      'purchase.created': ['PurchaseCreatedWebhook', 'AdminPurchase', 'Entitlement'],
      'purchase.fulfilled': ['PurchaseFulfilledWebhook', 'AdminPurchase'],
      'purchase.failed': ['PurchaseFailedWebhook', 'AdminPurchase', 'Entitlement'],
      'trial.started': ['TrialStartedWebhook', 'AdminTrial', 'Entitlement'],
      'trial.converted': ['TrialConvertedWebhook', 'AdminTrial', 'Entitlement'],
      'trial.expired': ['TrialExpiredWebhook', 'AdminTrial', 'Entitlement'],
      'request.created': ['RequestCreatedWebhook', 'AdminAccessRequest'],
      'lead.created': ['LeadCreatedWebhook', 'Lead'],
      'webhook.test': ['WebhookTestWebhook'],
    };
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES, 'webhook.test'].sort());
    for (const [type, [message, ...objects]] of Object.entries(expected)) {
      const op = doc.webhooks[type].post;
      expect(op.requestBody.content['application/json'].schema, type).toEqual({
        $ref: `#/components/schemas/${message}`,
      });
      const component = doc.components.schemas[message ?? ''];
      expect(component.properties.type.enum, type).toEqual([type]);
      expect(component.required, type).toEqual(['type', 'timestamp', 'test', 'data']);
      expect(component.properties.test, type).toMatchObject({
        type: 'boolean',
        description: expect.stringContaining('/test'),
        ...(type === 'webhook.test' ? { enum: [true] } : {}),
      });
      expect(new Set(refsIn(component.properties.data)), type).toEqual(new Set(objects));
      expect(op.description, type).toMatch(/\w/);
      const headers = op.parameters.filter(
        (p: { in: string; required: boolean }) => p.in === 'header' && p.required,
      );
      expect(headers.map((p: { name: string }) => p.name).sort(), type).toEqual([
        'webhook-id',
        'webhook-signature',
        'webhook-timestamp',
      ]);
    }
  });

  it('says which deliveries are tests: `test` on each listed delivery, and a `test` filter', async () => {
    const doc = await (await ctx.app.request('/openapi.json')).json();
    const delivery = doc.components.schemas.WebhookDelivery;
    expect(delivery.required).toContain('test');
    expect(delivery.properties.test).toMatchObject({ type: 'boolean' });
    const list = doc.paths['/v1/admin/webhooks/deliveries'].get;
    expect(list.parameters.find((p: { name: string }) => p.name === 'test')).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'string', enum: ['true', 'false'] },
    });
  });

  it('a field that may be null beside a referenced schema accepts null (anyOf, never allOf with null)', async () => {
    const doc = (await (await ctx.app.request('/openapi.json')).json()) as Record<string, unknown>;
    const broken: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (!value || typeof value !== 'object') return;
      const allOf = (value as { allOf?: unknown }).allOf;
      if (Array.isArray(allOf) && allOf.some((part) => JSON.stringify(part).includes('"null"')))
        broken.push(path);
      for (const [key, child] of Object.entries(value)) walk(child, `${path}/${key}`);
    };
    walk(doc, '#');
    expect(broken).toEqual([]);
  });

  it('every operation documents its 4xx responses with the error envelope', async () => {
    const doc = await (await ctx.app.request('/openapi.json')).json();
    const missing: string[] = [];
    for (const op of openApiOperations(doc)) {
      const clientErrors = Object.entries(op.responses).filter(([status]) => status.startsWith('4'));
      if (clientErrors.length === 0) missing.push(`${op.method} ${op.path}: no 4xx response`);
      for (const [status, response] of clientErrors) {
        const schema = (response as { content?: Record<string, { schema?: { $ref?: string } }> }).content?.[
          'application/json'
        ]?.schema;
        if (schema?.$ref !== '#/components/schemas/Error') missing.push(`${op.method} ${op.path} ${status}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('GET /docs', () => {
  it('serves the API reference page with local assets only, reading /openapi.json', async () => {
    const res = await ctx.app.request('/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).not.toMatch(/(src|href)="https?:/);
    const assets = [...html.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      const got = await ctx.app.request(asset);
      expect(got.status, asset).toBe(200);
    }
    const init = await (await ctx.app.request('/docs/assets/init.js')).text();
    expect(init).toContain("url: '/openapi.json'");
  });

  it('unknown assets answer 404 with the envelope, never a file outside the package', async () => {
    const res = await ctx.app.request('/docs/assets/..%2Fpackage.json');
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });
});
