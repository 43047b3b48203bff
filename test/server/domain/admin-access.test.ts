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

  it('lets a data sync key send host data and nothing else, reads included', () => {
    for (const path of [
      '/v1/admin/accounts/batch',
      '/v1/admin/users/batch',
      '/v1/admin/ownership/batch',
      '/v1/admin/usage/batch',
      '/v1/admin/events',
      '/v1/admin/integrations/segment',
    ])
      expect(adminAccessRefusal('sync', 'POST', path)).toBeUndefined();
    expect(adminAccessRefusal('sync', 'GET', '/v1/admin/accounts')).toBe('sync_only');
    expect(adminAccessRefusal('sync', 'GET', '/v1/admin/integrations/segment/skipped')).toBe('sync_only');
    expect(adminAccessRefusal('sync', 'PUT', '/v1/admin/accounts/batch')).toBe('sync_only');
    expect(adminAccessRefusal('sync', 'POST', '/v1/admin/campaigns/preview')).toBe('sync_only');
    expect(adminAccessRefusal('sync', 'POST', '/v1/admin/accounts/batch/extra')).toBe('sync_only');
  });
});
