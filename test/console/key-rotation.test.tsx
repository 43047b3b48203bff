import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyRotation } from '../../console/pages/settings-page.tsx';
import { answering, jsonResponse } from './support.ts';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('settings › key rotation', () => {
  it('shows the new key once under its name, with a copy button, and nothing else of the answer', async () => {
    vi.stubGlobal('confirm', () => true);
    const asked = answering(
      jsonResponse({
        workspaceId: 'ws_1',
        secretKey: 'sk_new',
        previousKeysExpireAt: '2026-12-08T10:00:00.000Z',
      }),
    );
    render(<KeyRotation editable />);
    fireEvent.click(screen.getByRole('button', { name: 'Rotate Secret key (admin API)' }));
    const term = await screen.findByRole('term');
    expect(term.textContent).toBe('New secret key');
    expect(term.nextElementSibling?.textContent).toContain('sk_new');
    expect(screen.getByRole('button', { name: 'Copy New secret key' })).toBeTruthy();
    expect(screen.queryByText('ws_1')).toBeNull();
    expect(asked).toHaveBeenCalledWith(
      '/v1/admin/settings/rotate-keys',
      expect.objectContaining({ method: 'POST' }),
    );
  });
});
