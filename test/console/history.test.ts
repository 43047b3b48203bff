import { describe, expect, it } from 'vitest';
import { shortValue } from '../../console/lib/format.ts';
import { changes, restorableIds } from '../../console/pages/campaigns/history.tsx';
import type { CampaignRevision } from '../../shared/campaign.ts';

describe('campaign change history', () => {
  it('lists every changed leaf with its value before and after', () => {
    const before = {
      name: 'A',
      priority: 50,
      content: { en: { title: 'Old', body: 'Same' } },
      audience: { segments: ['smb'] },
    };
    const after = {
      name: 'A',
      priority: 90,
      content: { en: { title: 'New', body: 'Same' }, de: { title: 'Neu' } },
      audience: { segments: ['smb', 'mid_market'] },
    };
    expect(changes(after, before)).toEqual([
      { path: 'priority', before: 50, after: 90 },
      { path: 'content.en.title', before: 'Old', after: 'New' },
      { path: 'content.de', before: undefined, after: { title: 'Neu' } },
      { path: 'audience.segments', before: ['smb'], after: ['smb', 'mid_market'] },
    ]);
    expect(changes(before, before)).toEqual([]);
  });

  it('shows values as short lines', () => {
    expect(shortValue(undefined)).toBe('—');
    expect(shortValue('Old')).toBe('“Old”');
    expect(shortValue(['smb'])).toBe('["smb"]');
    expect(shortValue('x'.repeat(200))).toHaveLength(80);
  });

  it('offers Restore only where the definition differs from the newest, not on status changes', () => {
    const revision = (id: string, version: number, action: string, priority: number) =>
      ({ id, version, action, definition: { name: 'A', priority } }) as unknown as CampaignRevision;
    const rows = [
      revision('r4', 4, 'paused', 90),
      revision('r3', 3, 'activated', 90),
      revision('r2', 2, 'updated', 90),
      revision('r1', 1, 'created', 50),
    ];
    expect([...restorableIds(rows)]).toEqual(['r1']);
    expect(restorableIds([])).toEqual(new Set());
  });
});
