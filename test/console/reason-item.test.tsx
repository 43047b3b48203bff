import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ReasonItem } from '../../console/components/reason-item.tsx';

afterEach(cleanup);

const item = (code: string, blocking: boolean) => {
  render(
    <ul>
      <ReasonItem reason={{ code, blocking, message: `message of ${code}` }} />
    </ul>,
  );
  return screen.getByRole('listitem');
};

describe('explain reason', () => {
  it('marks a block ✗ and a pass ✓, each named for screen readers', () => {
    expect(item('triggers.not_fired', true).textContent).toBe(
      'Blocks: ✗ message of triggers.not_fired triggers.not_fired',
    );
    cleanup();
    expect(item('trigger.metric_quota.fired', false).textContent).toBe(
      'Passes: ✓ message of trigger.metric_quota.fired trigger.metric_quota.fired',
    );
  });

  it('shows a trigger that did not fire as a detail, not as a pass', () => {
    const li = item('trigger.event_count.not_fired', false);
    expect(li.className).toBe('detail');
    expect(li.textContent).toBe(
      'Detail: · message of trigger.event_count.not_fired trigger.event_count.not_fired',
    );
  });
});
