import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TokenCheckCard } from '../../console/pages/token-check.tsx';
import type { TokenCheck } from '../../shared/identity.ts';
import { jsonResponse } from './support.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function checking(answer: TokenCheck) {
  const fetchMock = vi.fn(async () => jsonResponse(answer));
  vi.stubGlobal('fetch', fetchMock);
  render(<TokenCheckCard />);
  fireEvent.input(screen.getByLabelText('User token'), { target: { value: ' eyJ.a.b ' } });
  fireEvent.click(screen.getByRole('button', { name: 'Check token' }));
  return fetchMock;
}

describe('Settings › Check a user token', () => {
  it('says whom a valid token names', async () => {
    const fetchMock = checking({
      valid: true,
      reason: null,
      user: { userId: 'u7', accountId: 'acct_42', role: 'admin' },
      claims: { sub: 'u7', account: 'acct_42', role: 'admin', iat: 1, exp: 2 },
      issuedAt: '2026-12-07T09:00:00.000Z',
      expiresAt: '2026-12-07T10:00:00.000Z',
    });
    const verdict = await screen.findByText('Valid.');
    expect(verdict.parentElement?.textContent).toBe(
      'Valid. User u7 of account acct_42, role admin. Explain what they would see',
    );
    // From "the token is fine" to "so why no prompt?" in one step.
    expect(screen.getByRole('link', { name: 'Explain what they would see' }).getAttribute('href')).toBe(
      '/console/explain?account=acct_42&user=u7',
    );
    const [path, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/v1/admin/identity/token-check');
    expect(JSON.parse(String(init.body))).toEqual({ token: ' eyJ.a.b ' });
    expect(screen.getByText(/"account": "acct_42"/)).toBeTruthy();
  });

  it('says why a refused token is refused, with what it carries', async () => {
    checking({
      valid: false,
      reason: 'User token has expired',
      user: null,
      claims: { sub: 'u7', account: 'acct_42' },
      issuedAt: null,
      expiresAt: '2026-12-07T10:00:00.000Z',
    });
    const verdict = await screen.findByText('Refused:');
    expect(verdict.parentElement?.textContent).toBe('Refused: User token has expired');
    expect(screen.getByText(/expires 7 Dec 2026/)).toBeTruthy();
  });
});
