import { describe, expect, it } from 'vitest';
import { readSegment, segmentEventId, segmentEventName } from '../../../server/domain/segment.ts';
import type { SegmentMessage } from '../../../shared/segment.ts';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const track = (fields: Partial<SegmentMessage> = {}): SegmentMessage => ({
  type: 'track',
  messageId: 'ajs-next-1',
  event: 'Report Exported',
  userId: 'u-1',
  timestamp: '2026-12-07T11:59:00.000Z',
  properties: { format: 'csv' },
  context: { groupId: 'acc-1' },
  ...fields,
});

describe('Segment event names', () => {
  it('become identifiers: lower case, every run of other characters one underscore', () => {
    expect(segmentEventName('Report Exported')).toBe('report_exported');
    expect(segmentEventName('  Order  Completed (v2)! ')).toBe('order_completed_v2');
    expect(segmentEventName('report.exported')).toBe('report.exported');
    expect(segmentEventName('Café → ordered')).toBe('caf_ordered');
    expect(segmentEventName('!!!')).toBe('');
  });
});

describe('Segment event ids', () => {
  it('are one UUID per messageId, the same on every retry, of version 8 and the RFC variant', () => {
    const id = segmentEventId('ajs-next-1');
    expect(id).toBe(segmentEventId('ajs-next-1'));
    expect(id).not.toBe(segmentEventId('ajs-next-2'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('readSegment: track and page calls', () => {
  it('maps a track call to an event of its account and user', () => {
    expect(readSegment(track(), NOW)).toEqual({
      event: {
        id: segmentEventId('ajs-next-1'),
        name: 'report_exported',
        ts: '2026-12-07T11:59:00.000Z',
        props: { format: 'csv' },
        accountId: 'acc-1',
        userId: 'u-1',
      },
    });
  });

  it('finds the account in context.groupId, else properties.groupId, accountId or account_id', () => {
    const account = (m: SegmentMessage) => {
      const out = readSegment(m, NOW);
      return 'event' in out ? out.event.accountId : 'skipped' in out ? out.skipped : 'not an event';
    };
    expect(account(track({ context: { groupId: 42 }, properties: { accountId: 'other' } }))).toBe('42');
    expect(account(track({ context: {}, properties: { groupId: 'g-1', accountId: 'a-1' } }))).toBe('g-1');
    expect(account(track({ context: { groupId: null }, properties: { accountId: 'a-1' } }))).toBe('a-1');
    expect(account(track({ context: undefined, properties: { account_id: 'a_1' } }))).toBe('a_1');
    expect(account(track({ context: { groupId: '' }, properties: {} }))).toBe('no_account');
  });

  it('maps a page call to a page view with its path, from the properties or the context', () => {
    const page = readSegment(
      track({ type: 'page', event: undefined, properties: { path: '/pricing', title: 'Pricing' } }),
      NOW,
    );
    expect(page).toMatchObject({
      event: { name: 'page.viewed', props: { path: '/pricing', title: 'Pricing' } },
    });
    const fromContext = readSegment(
      track({
        type: 'page',
        properties: undefined,
        context: { groupId: 'acc-1', page: { path: '/billing' } },
      }),
      NOW,
    );
    expect(fromContext).toMatchObject({ event: { name: 'page.viewed', props: { path: '/billing' } } });
  });

  it('leaves the user out when Segment names none (an anonymous visitor) and keeps numeric ids as text', () => {
    const anonymous = readSegment(track({ userId: null }), NOW);
    expect(anonymous).toMatchObject({ event: { accountId: 'acc-1' } });
    expect('event' in anonymous && 'userId' in anonymous.event).toBe(false);
    expect(readSegment(track({ userId: 7 }), NOW)).toMatchObject({ event: { userId: '7' } });
  });

  it('takes the time from timestamp, else originalTimestamp, else now', () => {
    const at = (m: SegmentMessage) => {
      const out = readSegment(m, NOW);
      return 'event' in out ? out.event.ts : 'skipped' in out ? out.skipped : 'not an event';
    };
    expect(at(track({ timestamp: '2026-12-07T13:00:00+02:00' }))).toBe('2026-12-07T11:00:00.000Z');
    expect(at(track({ timestamp: undefined, originalTimestamp: '2026-12-06T10:00:00Z' }))).toBe(
      '2026-12-06T10:00:00.000Z',
    );
    expect(at(track({ timestamp: undefined }))).toBe(NOW.toISOString());
  });

  it('skips what it cannot store, saying why', () => {
    const reason = (m: SegmentMessage) => {
      const out = readSegment(m, NOW);
      return 'skipped' in out ? [out.skipped, out.message] : ['stored'];
    };
    expect(reason(track({ type: 'alias' }))[0]).toBe('unsupported_type');
    expect(reason(track({ type: 'screen' }))[0]).toBe('unsupported_type');
    expect(reason(track({ timestamp: '2026-10-01T00:00:00Z' }))[0]).toBe('out_of_window');
    expect(reason(track({ timestamp: '2026-12-09T12:00:00Z' }))[0]).toBe('out_of_window');
    expect(reason(track({ timestamp: 'yesterday' }))).toEqual(['invalid', 'timestamp is not a date']);
    expect(reason(track({ event: '***' }))).toEqual(['invalid', 'A track call needs an event name']);
    expect(reason(track({ event: 'x'.repeat(101) }))[1]).toMatch(/^name: /);
    expect(reason(track({ userId: 'u'.repeat(201) }))[1]).toMatch(/^userId: /);
    expect(reason(track({ properties: { blob: 'x'.repeat(9_000) } }))[1]).toMatch(/^props: /);
    expect(reason(track({ properties: { note: 'a\u0000b' } }))).toEqual([
      'invalid',
      'Text must not contain the NUL character (U+0000)',
    ]);
  });
});

describe('readSegment: group calls', () => {
  const group = (fields: Partial<SegmentMessage> = {}): SegmentMessage => ({
    type: 'group',
    messageId: 'g-1',
    userId: 'u-1',
    groupId: 'acc-1',
    traits: { name: 'Acme', plan: 'business', industry: 'Retail', employees: 120, website: 'acme.example' },
    ...fields,
  });

  it('describe the account: its own fields from the traits, the other traits as attributes', () => {
    expect(readSegment(group(), NOW)).toEqual({
      account: {
        id: 'acc-1',
        name: 'Acme',
        plan: 'business',
        industry: 'Retail',
        attributes: { employees: 120, website: 'acme.example' },
      },
    });
    expect(readSegment(group({ groupId: 42, traits: undefined }), NOW)).toEqual({ account: { id: '42' } });
  });

  it('leave a field out when its trait is not text, and skip what cannot be stored', () => {
    expect(readSegment(group({ traits: { plan: 3, name: '' } }), NOW)).toEqual({ account: { id: 'acc-1' } });
    expect(readSegment(group({ groupId: null }), NOW)).toMatchObject({ skipped: 'no_account' });
    expect(readSegment(group({ traits: { name: 'n'.repeat(201) } }), NOW)).toMatchObject({
      skipped: 'invalid',
      message: expect.stringMatching(/^name: /),
    });
  });
});

describe('readSegment: identify calls', () => {
  const identify = (fields: Partial<SegmentMessage> = {}): SegmentMessage => ({
    type: 'identify',
    messageId: 'i-1',
    userId: 'u-1',
    traits: {
      email: 'ada@acme.example',
      firstName: 'Ada',
      lastName: 'Lovelace',
      role: 'admin',
      title: 'CTO',
    },
    context: { groupId: 'acc-1', locale: 'en-GB' },
    ...fields,
  });

  it('describe the user in their account, the other traits as attributes', () => {
    expect(readSegment(identify(), NOW)).toEqual({
      user: {
        id: 'u-1',
        accountId: 'acc-1',
        email: 'ada@acme.example',
        name: 'Ada Lovelace',
        role: 'admin',
        locale: 'en-GB',
        attributes: { title: 'CTO' },
      },
    });
  });

  it('find the account in the traits without a group, and leave out an email that is not one', () => {
    const read = readSegment(
      identify({ context: {}, traits: { accountId: 'acc-2', email: 'not an email', name: 'Bo' } }),
      NOW,
    );
    expect(read).toEqual({ user: { id: 'u-1', accountId: 'acc-2', name: 'Bo' } });
  });

  it('skip an anonymous visitor or a user without an account', () => {
    expect(readSegment(identify({ userId: null }), NOW)).toMatchObject({ skipped: 'invalid' });
    expect(readSegment(identify({ context: {}, traits: {} }), NOW)).toMatchObject({ skipped: 'no_account' });
    expect(readSegment(identify({ traits: { role: 'r'.repeat(51) } }), NOW)).toMatchObject({
      skipped: 'invalid',
      message: expect.stringMatching(/^role: /),
    });
  });
});
