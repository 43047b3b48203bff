import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../shared/decide.ts';
import { fail } from '../../widget/core/result.ts';
import { intentOf } from '../../widget/types.ts';
import { PurchaseDialog } from '../../widget/ui/purchase.tsx';
import { RequestDialog } from '../../widget/ui/request.tsx';
import { TeamRequests } from '../../widget/ui/team-requests.tsx';
import { TrialPanel } from '../../widget/ui/trial-panel.tsx';
import { failure, fakeCtrl, message, renderIn, trial } from './builders.tsx';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('purchase confirmation', () => {
  const intent = intentOf(message());

  it('shows product, price per interval, list price, discount with its duration and offer expiry', () => {
    renderIn(<PurchaseDialog intent={intent} />, fakeCtrl().ctrl);
    const dialog = screen.getByRole('dialog', { name: 'Confirm your purchase' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.textContent).toContain('Reports Pro');
    expect(dialog.textContent).toContain('$39.20 per month');
    expect(dialog.textContent).toContain('instead of $49.00');
    expect(dialog.textContent).toContain('20% off for 3 months');
    expect(dialog.textContent).toContain('Offer ends Jan 31, 2030');
  });

  it('a tier upgrade names the plan it replaces and the credit, not a list price it is cheaper than', () => {
    const upgrade = intentOf(
      message({
        offer: {
          ...(message().offer as NonNullable<Message['offer']>),
          kind: 'tier',
          name: 'Business plan',
          listAmount: 29900,
          amount: 20000,
          discounts: [],
          credit: { key: 'starter', name: 'Starter plan', plan: 'starter', amount: 9900 },
        },
      }),
    );
    renderIn(<PurchaseDialog intent={upgrade} />, fakeCtrl().ctrl);
    const text = screen.getByRole('dialog').textContent;
    expect(text).toContain('$200.00 per month');
    expect(text).toContain('Replaces Starter plan: $99.00 credited');
    expect(text).not.toContain('instead of');
  });

  it('one click confirms, then a success state', async () => {
    const { ctrl, calls } = fakeCtrl();
    renderIn(<PurchaseDialog intent={intent} />, ctrl);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm purchase' }));
    expect((await screen.findByRole('status')).textContent).toBe('Done! Reports Pro is ready to use.');
    expect(calls).toEqual([['purchase', 'reports', 'interval']]);
  });

  it('offers the annual plan when the offer has one', async () => {
    const { ctrl, calls } = fakeCtrl();
    const annual = intentOf(
      message({
        offer: {
          ...(message().offer as NonNullable<Message['offer']>),
          annual: { amount: 47000, percentOff: 20 },
        },
      }),
    );
    renderIn(<PurchaseDialog intent={annual} />, ctrl);
    fireEvent.click(screen.getByRole('checkbox', { name: /or \$470\.00 per year \(20% off\)/ }));
    expect(screen.getByRole('dialog').textContent).toContain('$470.00 per year');
    fireEvent.click(screen.getByRole('button', { name: 'Confirm purchase' }));
    await waitFor(() => expect(calls).toEqual([['purchase', 'reports', 'annual']]));
  });

  it('a failure offers a retry (the controller reuses the idempotency key)', async () => {
    const { ctrl, calls } = fakeCtrl({ purchase: failure('network', 0) });
    renderIn(<PurchaseDialog intent={intent} />, ctrl);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm purchase' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Something went wrong');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(calls.length).toBe(2));
  });

  it('a changed price shows the new offer and the next click confirms that one', async () => {
    const repriced = { ...(message().offer as NonNullable<Message['offer']>), version: 'v2', amount: 4410 };
    const { ctrl, calls } = fakeCtrl({
      purchase: fail(409, 'price_changed', 'changed', { offer: repriced }),
    });
    renderIn(<PurchaseDialog intent={intent} />, ctrl);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm purchase' }));
    expect((await screen.findByRole('alert')).textContent).toContain('price has changed');
    expect(screen.getByRole('dialog').textContent).toContain('$44.10 per month');
    fireEvent.click(screen.getByRole('button', { name: 'Confirm purchase' }));
    await waitFor(() => expect(calls.length).toBe(2));
  });

  it('a changed price without the new offer blocks confirming the stale one', async () => {
    const { ctrl } = fakeCtrl({ purchase: failure('price_changed') });
    renderIn(<PurchaseDialog intent={intent} />, ctrl);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm purchase' }));
    expect((await screen.findByRole('alert')).textContent).toContain('price has changed');
    expect((screen.getByRole('button', { name: 'Confirm purchase' }) as HTMLButtonElement).disabled).toBe(
      true,
    );
  });

  it('a 403 purchase_not_allowed turns into "ask your admin"', async () => {
    const { ctrl, dialogs } = fakeCtrl({ purchase: failure('purchase_not_allowed', 403) });
    renderIn(<PurchaseDialog intent={intent} />, ctrl);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm purchase' }));
    await waitFor(() => expect(dialogs).toEqual([{ kind: 'ask', intent }]));
  });
});

describe('ask your admin / talk to us', () => {
  const intent = intentOf(message({ canPurchase: false, actions: ['ask_admin'] }));

  it('ask your admin › one click sends the request, then confirms', async () => {
    const { ctrl, calls } = fakeCtrl();
    renderIn(<RequestDialog intent={intent} kind="ask" />, ctrl);
    expect(screen.getByRole('dialog', { name: 'Ask your admin' }).textContent).toContain(
      'Only your account admins can buy Reports Pro',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect((await screen.findByRole('status')).textContent).toContain('Request sent');
    expect(calls).toEqual([['request', 'reports', 'ask']]);
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
  });

  it('talk to us › sends a contact request', async () => {
    const { ctrl, calls } = fakeCtrl();
    renderIn(<RequestDialog intent={intent} kind="contact" />, ctrl);
    fireEvent.click(screen.getByRole('button', { name: 'Contact me' }));
    expect((await screen.findByRole('status')).textContent).toContain('We will be in touch');
    expect(calls).toEqual([['request', 'reports', 'contact']]);
  });

  it('a failed request is reported and can be sent again', async () => {
    const { ctrl } = fakeCtrl({ request: failure('network', 0) });
    renderIn(<RequestDialog intent={intent} kind="ask" />, ctrl);
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Something went wrong');
    expect((screen.getByRole('button', { name: 'Send request' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('trial checklist', () => {
  it('shows weeks, steps, success criteria, progress and days left', () => {
    renderIn(<TrialPanel trial={trial()} open messages={[]} />, fakeCtrl().ctrl);
    const panel = screen.getByRole('region', { name: 'Trial: Reports Pro' });
    expect(panel.textContent).toContain('10 days left · 1 of 5 done');
    expect(panel.textContent).toContain('Week 1: Set up');
    expect(panel.textContent).toContain('Week 2: Share');
    expect(panel.textContent).toContain('Success criteria');
    expect(screen.getByText('Connect a source').closest('li')?.className).toContain('done');
    expect(screen.getByText('Build a report').closest('li')?.className).not.toContain('done');
    // Done is said to screen readers, not only drawn as a strike-through.
    const mark = (text: string) => screen.getByText(text).closest('li')?.querySelector('[role="img"]');
    expect(mark('Connect a source')?.getAttribute('aria-label')).toBe('Done');
    expect(mark('Build a report')).toBeNull();
    const bar = screen.getByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('1');
    expect((bar.firstChild as HTMLElement).style.width).toBe('20%');
    expect(panel.textContent).not.toContain('Your trial ends');
  });

  it('"buy now" at any time opens the purchase confirmation for the trial offer', () => {
    const { ctrl, dialogs } = fakeCtrl();
    renderIn(<TrialPanel trial={trial()} open messages={[]} />, ctrl);
    fireEvent.click(screen.getByRole('button', { name: 'Buy now' }));
    expect(dialogs[0]?.kind).toBe('buy');
    expect(dialogs[0]?.intent).toMatchObject({ productKey: 'reports', decisionId: trial().decisionId });
  });

  it('near expiry it prompts to convert', () => {
    renderIn(<TrialPanel trial={trial({ daysLeft: 2 })} open messages={[]} />, fakeCtrl().ctrl);
    expect(screen.getByText('Your trial ends in 2 days. Keep Reports Pro?')).toBeTruthy();
  });

  it('collapses to a pill and expands again, focus following to the new toggle', async () => {
    const { ctrl, calls } = fakeCtrl();
    const { rerender } = renderIn(<TrialPanel trial={trial()} open messages={[]} />, ctrl);
    fireEvent.click(screen.getByRole('button', { name: 'Hide' }));
    expect(calls).toContainEqual(['panel', false]);
    rerender(<TrialPanel trial={trial()} open={false} messages={[]} />);
    const pill = screen.getByRole('button', { name: /Trial: Reports Pro · 10 days left/ });
    expect(pill.getAttribute('aria-expanded')).toBe('false');
    const focused = (el: HTMLElement) => (el.getRootNode() as Document | ShadowRoot).activeElement === el;
    await waitFor(() => expect(focused(pill)).toBe(true));
    fireEvent.click(pill);
    expect(calls).toContainEqual(['panel', true]);
    rerender(<TrialPanel trial={trial()} open messages={[]} />);
    await waitFor(() => expect(focused(screen.getByRole('button', { name: 'Hide' }))).toBe(true));
  });
});

describe('team requests (for buyers)', () => {
  const requests = [
    {
      id: 'r1',
      productKey: 'reports',
      productName: 'Reports Pro',
      requestedBy: 'Jane',
      createdAt: '2030-01-01T00:00:00.000Z',
    },
    {
      id: 'r2',
      productKey: 'sso',
      productName: 'SSO',
      requestedBy: 'Ali',
      createdAt: '2030-01-02T00:00:00.000Z',
    },
  ];

  it('lists who asked for what; closing marks them seen', () => {
    const { ctrl, calls } = fakeCtrl();
    renderIn(<TeamRequests requests={requests} />, ctrl);
    const region = screen.getByRole('region', { name: 'Requests from your team' });
    expect(Array.from(region.querySelectorAll('li'), (li) => li.textContent)).toEqual([
      'Jane asked for Reports Pro',
      'Ali asked for SSO',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(calls).toContainEqual(['seenRequests', ['r1', 'r2']]);
  });

  it('renders names as text', () => {
    renderIn(
      <TeamRequests
        requests={[{ ...requests[0], requestedBy: '<img src=x onerror=alert(1)>' } as (typeof requests)[0]]}
      />,
      fakeCtrl().ctrl,
    );
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByRole('listitem').textContent).toContain('<img src=x');
  });
});
