import { describe, expect, it } from 'vitest';
import { adminAccessRefusal } from '../../../server/domain/admin-access.ts';

describe('admin access policy', () => {
  it('lets every role read', () => {
    for (const role of ['owner', 'editor', 'viewer'] as const)
      for (const method of ['GET', 'HEAD', 'OPTIONS'])
        expect(adminAccessRefusal(role, method, '/v1/admin/api-keys')).toBeUndefined();
  });

  it('lets viewers call only the POSTs that compute without storing', () => {
    expect(adminAccessRefusal('viewer', 'POST', '/v1/admin/campaigns/preview')).toBeUndefined();
    expect(adminAccessRefusal('viewer', 'POST', '/v1/admin/campaigns/estimate')).toBeUndefined();
    expect(adminAccessRefusal('viewer', 'POST', '/v1/admin/campaigns')).toBe('read_only');
    expect(adminAccessRefusal('viewer', 'DELETE', '/v1/admin/products/pdf')).toBe('read_only');
  });

  it('keeps access management to owners, at any depth under its prefixes', () => {
    for (const path of [
      '/v1/admin/console-users',
      '/v1/admin/console-users/0000/password',
      '/v1/admin/api-keys',
      '/v1/admin/api-keys/0000',
      '/v1/admin/settings/rotate-keys',
    ]) {
      expect(adminAccessRefusal('editor', 'POST', path)).toBe('owner_only');
      expect(adminAccessRefusal('owner', 'POST', path)).toBeUndefined();
    }
    expect(adminAccessRefusal('editor', 'PATCH', '/v1/admin/settings')).toBeUndefined();
  });
});
