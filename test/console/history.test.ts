import { describe, expect, it } from 'vitest';
import { changes, shortValue } from '../../console/pages/campaigns/history.tsx';

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
});
