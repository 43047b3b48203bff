import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { frequencyResetQuery, ResetCaps } from '../../console/pages/explain-reset.tsx';
import { sessionAs } from './support.ts';

const CAMPAIGN = '0b9c3a52-5c55-4c1f-9d36-0a4a5f1e2b77';
const reason = (code: string, blocking = true) => ({ code, message: code, blocking });

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fetchMock = vi.fn(
    async () =>
      new Response(
        JSON.stringify({
          accountId: 'acme co',
          userId: 'u7',
          campaignId: CAMPAIGN,
          cleared: { messageStates: 1, userDailyPrompts: 0, accountDailyPrompts: 0, accountCampaignDaily: 0 },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      ),
  );
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('frequencyResetQuery', () => {
  it('clears as narrowly as the blocking caps allow', () => {
    const q = (codes: string[], user = 'u7') =>
      frequencyResetQuery(
        codes.map((c) => reason(c)),
        user,
        CAMPAIGN,
      )?.toString();
    expect(q(['frequency.max_impressions'])).toBe(`user=u7&campaign=${CAMPAIGN}`);
    expect(q(['frequency.snoozed', 'frequency.user_daily_cap'])).toBe('user=u7');
    expect(q(['frequency.account_daily_cap'])).toBe(`campaign=${CAMPAIGN}`);
    expect(q(['frequency.account_prompts_cap'])).toBe('');
    expect(q(['frequency.max_impressions'], '')).toBe(`campaign=${CAMPAIGN}`);
    expect(q(['audience.segment'])).toBeUndefined();
    expect(frequencyResetQuery([reason('frequency.max_impressions', false)], 'u7', CAMPAIGN)).toBeNull();
  });
});

describe('ResetCaps (Explain)', () => {
  const renderAs = (role: 'editor' | 'viewer', codes: string[], onReset = vi.fn()) =>
    render(
      <SessionContext.Provider value={{ session: sessionAs(role), signOut: () => {}, refresh: () => {} }}>
        <ResetCaps
          account="acme co"
          user="u7"
          campaignId={CAMPAIGN}
          reasons={codes.map((c) => reason(c))}
          onReset={onReset}
        />
      </SessionContext.Provider>,
    );

  it('asks first, then forgets the blocking caps of this user and campaign and explains again', async () => {
    const confirm = vi.fn((_: string) => false);
    vi.stubGlobal('confirm', confirm);
    const onReset = vi.fn();
    renderAs('editor', ['frequency.max_impressions'], onReset);
    fireEvent.click(screen.getByRole('button', { name: 'Reset these caps (testing)' }));
    expect(confirm.mock.calls[0]?.[0]).toContain('user u7 for this campaign');
    expect(fetchMock).not.toHaveBeenCalled();
    confirm.mockReturnValue(true);
    fireEvent.click(screen.getByRole('button', { name: 'Reset these caps (testing)' }));
    await waitFor(() => expect(onReset).toHaveBeenCalledTimes(1));
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(init.method).toBe('DELETE');
    expect(url).toBe(`/v1/admin/accounts/acme%20co/frequency?user=u7&campaign=${CAMPAIGN}`);
  });

  it('is not offered to viewers, nor where no frequency cap blocks', () => {
    renderAs('viewer', ['frequency.max_impressions']);
    renderAs('editor', ['audience.segment']);
    expect(screen.queryByRole('button', { name: 'Reset these caps (testing)' })).toBeNull();
  });
});
