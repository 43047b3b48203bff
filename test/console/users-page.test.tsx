import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '../../console/lib/session.ts';
import { UsersPage } from '../../console/pages/users-page.tsx';
import type { ConsoleUserListItem } from '../../shared/console.ts';
import { answering, jsonResponse, rowCells, sessionAs } from './support.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const user = (email: string, lastSignedInAt: string | null): ConsoleUserListItem => ({
  id: `id-${email}`,
  email,
  name: email.split('@')[0] ?? '',
  role: 'editor',
  createdAt: '2026-11-01T09:00:00.000Z',
  lastSignedInAt,
});

describe('console users', () => {
  it('says when each user last signed in, and "Never" for one who has not', async () => {
    answering(
      jsonResponse({
        data: [user('ana@acme.test', '2026-12-06T12:00:00.000Z'), user('bo@acme.test', null)],
      }),
    );
    render(
      <SessionContext.Provider value={{ session: sessionAs('owner'), signOut: () => {} }}>
        <UsersPage />
      </SessionContext.Provider>,
    );
    await screen.findByRole('row', { name: /bo@acme\.test/ });
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toContain('Last signed in');
    expect(rowCells(/ana@acme\.test/)[3]).toMatch(/6 Dec 2026/);
    expect(rowCells(/bo@acme\.test/)[3]).toBe('Never');
  });
});
