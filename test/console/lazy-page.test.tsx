import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { lazyPage } from '../../console/lib/lazy-page.tsx';

afterEach(cleanup);

function Greeting({ name }: { name: string }) {
  return <h1>Hello {name}</h1>;
}

describe('lazyPage', () => {
  it('shows a loading line, then the page with its props; a later visit renders it at once', async () => {
    let loads = 0;
    const Page = lazyPage(async () => {
      loads += 1;
      return Greeting;
    });
    render(<Page name="Ada" />);
    expect(screen.getByText('Loading…')).toBeTruthy();
    expect((await screen.findByRole('heading')).textContent).toBe('Hello Ada');
    cleanup();
    render(<Page name="Grace" />);
    expect(screen.getByRole('heading').textContent).toBe('Hello Grace');
    expect(loads).toBe(1);
  });

  it('says when the code could not load, and tries again on the next visit', async () => {
    let attempts = 0;
    const Page = lazyPage(async () => {
      attempts += 1;
      if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return Greeting;
    });
    render(<Page name="Ada" />);
    expect((await screen.findByRole('alert')).textContent).toContain('reload');
    cleanup();
    render(<Page name="Ada" />);
    expect((await screen.findByRole('heading')).textContent).toBe('Hello Ada');
    expect(attempts).toBe(2);
  });
});
