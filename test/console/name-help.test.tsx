import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NameHelp, VocabularyProvider } from '../../console/components/vocabulary.tsx';
import type { NameKind } from '../../shared/vocabulary.ts';
import { jsonResponse } from './support.ts';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY - 3_600_000).toISOString();

/** What the workspace's data has used, by kind, and how many days ago each name was last seen. */
const SEEN: Record<string, Record<string, number>> = {
  event: { 'report.exported': 1, 'export.v1': 45 },
  metric: { dashboards: 40 },
  segment: { smb: 90 },
};

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function answering() {
  vi.stubGlobal('fetch', async (path: string) => {
    const url = new URL(path, 'http://console.test');
    const kind = url.pathname.split('/').at(-1) ?? '';
    const prefix = url.searchParams.get('prefix') ?? '';
    const data = Object.entries(SEEN[kind] ?? {})
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, days]) => ({ name, firstSeenAt: daysAgo(400), lastSeenAt: daysAgo(days) }));
    return jsonResponse({ data, nextCursor: null });
  });
}

const field = (kind: NameKind, text: string) =>
  render(
    <VocabularyProvider>
      <NameHelp kind={kind} id="name" text={text} />
    </VocabularyProvider>,
  );

/** Waits for the field's suggestions, which come from the same answer its warnings read. */
const suggested = (container: Element, name: string) =>
  waitFor(() => expect(container.querySelector('option')?.getAttribute('value')).toBe(name));

describe('name help', () => {
  it('warns about an event nothing has sent for a month, however long ago it began', async () => {
    answering();
    field('event', 'export.v1');
    expect(
      await screen.findByText(
        'No “export.v1” event has been received for 45 days: check your product still sends it.',
      ),
    ).toBeTruthy();
  });

  it('says nothing of an event received this week', async () => {
    answering();
    const { container } = field('event', 'report.exported');
    await suggested(container, 'report.exported');
    expect(container.querySelector('.name-warning')).toBeNull();
  });

  it('warns about usage not synced for a month, but never about a quiet segment (account syncs may be rare)', async () => {
    answering();
    field('metric', 'dashboards');
    expect(
      await screen.findByText(/No account's usage of “dashboards” has been synced for 40 days/),
    ).toBeTruthy();
    cleanup();
    const { container } = field('segment', 'smb');
    await suggested(container, 'smb');
    expect(container.querySelector('.name-warning')).toBeNull();
  });

  it('still says so of a name nothing has ever sent', async () => {
    answering();
    field('event', 'report.exportd');
    expect(
      await screen.findByText('No “report.exportd” event has been received yet: check the name.'),
    ).toBeTruthy();
  });
});
