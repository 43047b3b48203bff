import { describe, expect, it } from 'vitest';
import { bannerLines } from '../../demo/seed/banner.ts';

describe('the start-up banner', () => {
  it('links the OpenAPI document and says where the identity secret is, without printing it', () => {
    const text = bannerLines(
      'http://localhost:3000/',
      {
        workspaceId: 'ws_demo',
        publishableKey: 'pk_demo',
        secretKey: 'sk_demo',
        identitySecret: 'ids_do_not_print',
      },
      true,
    ).join('\n');
    expect(text).toContain('http://localhost:3000/openapi.json');
    expect(text).toContain('Identity secret  in demo-credentials.json (identitySecret)');
    expect(text).not.toContain('ids_do_not_print');
  });
});
