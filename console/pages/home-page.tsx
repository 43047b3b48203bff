import { useState } from 'preact/hooks';
import type { AuditLog } from '../../shared/audit.ts';
import type { CampaignListItem } from '../../shared/campaign.ts';
import { FAILED_CALLS_PATH, type FailedCallPage } from '../../shared/failed-calls.ts';
import type { WebhookEndpoint } from '../../shared/money.ts';
import { originAllowed } from '../../shared/origins.ts';
import { SEGMENT_PATH, SEGMENT_SKIPS_PATH, type SegmentSkipPage } from '../../shared/segment.ts';
import type { VocabularyPage } from '../../shared/vocabulary.ts';
import type { WorkspaceView } from '../../shared/workspace.ts';
import { api, errorMessage } from '../lib/api.ts';
import { actionLabel, actorLabel, isSignIn } from '../lib/audit-labels.ts';
import { date, dateTime, num, pct } from '../lib/format.ts';
import { Link } from '../lib/router.ts';
import { canEdit, useSession } from '../lib/session.ts';
import { RECENT_FAILED_CALLS_READ, setupChecklist } from '../lib/setup-checklist.ts';
import { useEveryPage, useResource } from '../lib/use-resource.ts';
import { SegmentSkips } from './segment-skips.tsx';

/** The first screen: where things stand, and the way to see Attach working in the demo product. */
export function HomePage() {
  const { session } = useSession();
  const campaigns = useEveryPage<CampaignListItem>('/v1/admin/campaigns?limit=200');
  const list = campaigns.data?.data ?? [];
  const active = list.filter((c) => c.status === 'active');
  const shown = list.reduce((s, c) => s + c.stats.shown, 0);
  const conversions = list.reduce((s, c) => s + c.stats.conversions, 0);
  const served = list.reduce((s, c) => s + c.stats.served, 0);
  return (
    <section>
      <h1>{session.workspace.name}</h1>
      <div class="callout-card">
        <h2>See it from the end user's side</h2>
        <p>
          The demo product embeds Attach with one script tag. Switch between its users (a power user near a
          quota, an account exporting every day, a member without billing rights …) to see who gets which
          prompt and why. It links back here.
        </p>
        <a class="button primary" href="/demo/">
          Open the demo product
        </a>
      </div>
      <dl class="figures">
        <div>
          <dt>Active campaigns</dt>
          <dd>{num(active.length)}</dd>
        </div>
        <div>
          <dt>Prompts shown</dt>
          <dd>{num(shown)}</dd>
        </div>
        <div>
          <dt>Conversions</dt>
          <dd>{num(conversions)}</dd>
        </div>
        <div>
          <dt>Conversion</dt>
          <dd>{served ? pct(conversions / served) : '—'}</dd>
        </div>
      </dl>
      <p class="muted small">
        All time, over every campaign. Conversion = completed purchases through a campaign ÷ prompts served.
      </p>
      <Installation editable={canEdit(session)} />
      <RecentChanges />
      <h2>Next steps</h2>
      <ul class="steps">
        <li>
          <Link to="catalog">Check the catalogue</Link>: roles, prices, prerequisites and trial lengths drive
          what may be offered.
        </li>
        <li>
          <Link to="campaigns">Create or tune a campaign</Link> with its audience, triggers and live preview.
        </li>
        <li>
          <Link to="explain">Explain a decision</Link>: why a user did or did not see a prompt.
        </li>
        <li>
          <Link to="analytics">Read the analytics</Link>: affinity, funnels and the lift measured against the
          holdout.
        </li>
      </ul>
    </section>
  );
}

const SHOWN_ORIGINS = 5;
const DAY_MS = 24 * 60 * 60 * 1000;
const STATE_LABEL = { done: 'Done', todo: 'To do', warn: 'Check' } as const;

/**
 * Whether the integration is complete: the steps a host's developers take to go live, each saying
 * what is missing; where the widget is live (the page origins it called from, noted at most once a
 * day per server) or, before any, the tag to add.
 */
export function Installation({ editable = false }: { editable?: boolean }) {
  const origins = useResource<VocabularyPage>(`/v1/admin/vocabulary/origin?limit=${SHOWN_ORIGINS}`);
  const workspace = useResource<WorkspaceView>('/v1/admin/settings');
  const accounts = useResource<{ data: unknown[] }>('/v1/admin/accounts?limit=1');
  const products = useResource<{ data: unknown[] }>('/v1/admin/products?limit=1');
  const endpoints = useResource<{ endpoints: WebhookEndpoint[] }>('/v1/admin/webhooks/endpoints');
  const [dayAgo] = useState(() => new Date(Date.now() - DAY_MS).toISOString());
  const failed = useResource<FailedCallPage>(
    `${FAILED_CALLS_PATH}?limit=${RECENT_FAILED_CALLS_READ}&since=${encodeURIComponent(dayAgo)}`,
  );
  const synced = useResource<VocabularyPage>('/v1/admin/vocabulary/sync?limit=10');
  if (!origins.data) return null;
  const seen = origins.data.data;
  const items = setupChecklist({
    allowedOrigins: workspace.data?.allowedOrigins,
    identityMode: workspace.data?.settings.identityMode,
    widgetOrigins: seen.length,
    accounts: accounts.data && accounts.data.data.length > 0,
    products: products.data && products.data.data.length > 0,
    enabledEndpoints: endpoints.data?.endpoints.filter((e) => e.status === 'enabled').length,
    recentFailedCalls: failed.data?.data,
    synced: synced.data && Object.fromEntries(synced.data.data.map((d) => [d.name, d.lastSeenAt])),
  });
  return (
    <section class="card" aria-labelledby="installation-title">
      <h2 id="installation-title">Installation</h2>
      <ul class="checklist">
        {items.map((item) => (
          <li key={item.id} data-state={item.state}>
            <strong>{item.label}</strong> <span class={`badge ${item.state}`}>{STATE_LABEL[item.state]}</span>{' '}
            <span class="small">{item.detail}</span>
          </li>
        ))}
      </ul>
      {workspace.data && (
        <RefusedOrigins
          allowedOrigins={workspace.data.allowedOrigins}
          editable={editable}
          onAllowed={workspace.reload}
        />
      )}
      {workspace.data && <RefusedTokens identityMode={workspace.data.settings.identityMode} />}
      {seen.length > 0 ? (
        <>
          <p>The widget has called Attach from:</p>
          <ul>
            {seen.map((o) => (
              <li key={o.name}>
                <code>{o.name}</code> <span class="muted small">last seen {date(o.lastSeenAt)}</span>
              </li>
            ))}
          </ul>
          {origins.data.nextCursor && <p class="muted small">… and more.</p>}
        </>
      ) : (
        <>
          <p>
            The widget has not called Attach from a page yet. Add this tag to your product's pages, with a
            user token your backend signs (see the README's "Widget"):
          </p>
          <pre class="snippet">
            <code>{`<script src="${location.origin}/widget.js" data-key="${workspace.data?.publishableKey ?? 'pk_…'}" data-user-token="…" async></script>`}</code>
          </pre>
          <p class="muted small">
            Its pages' origin must be in the allowed origins (Settings); a page elsewhere is refused.
          </p>
        </>
      )}
      <SegmentSource />
    </section>
  );
}

/**
 * The way in for a team whose product already sends its events to Segment (or RudderStack): a
 * webhook destination, no code. What to paste, where; the README says what each call becomes.
 */
function SegmentSource() {
  const integrations = useResource<VocabularyPage>('/v1/admin/vocabulary/integration?limit=10');
  const latestSkip = useResource<SegmentSkipPage>(`${SEGMENT_SKIPS_PATH}?limit=1`);
  const segment = integrations.data?.data.find((i) => i.name === 'segment');
  const skippedAt = latestSkip.data?.data[0]?.at;
  // A skip within the day is a set-up problem under way: the details open on it.
  const skippedLately = skippedAt !== undefined && Date.now() - Date.parse(skippedAt) < SKIPPED_LATELY_MS;
  return (
    <details class="small" open={skippedLately || undefined}>
      <summary>
        {segment
          ? `Segment is connected: its last message came on ${date(segment.lastSeenAt)}`
          : 'Already sending events to Segment?'}
        {skippedLately && <strong> Some of its messages were skipped in the last day.</strong>}
      </summary>
      <p>
        Add a <strong>Webhook</strong> destination in Segment (or RudderStack) with this URL and header; its
        track and page calls become events, its group calls accounts and its identify calls users:
      </p>
      <pre class="snippet">
        <code>{`${location.origin}${SEGMENT_PATH}\nAuthorization: Bearer <a data sync API key>`}</code>
      </pre>
      <p class="muted">
        Create the key under <Link to="api-keys">API keys</Link> with the role Data sync: it can send data,
        but not read your customers nor change anything else. Calls it could not store are listed there under
        Recent failed calls; messages it skipped, below once Segment has sent any.
      </p>
      {(segment || skippedAt) && <SegmentSkips />}
    </details>
  );
}

/** Skips newer than this open Segment's details on the Overview. */
const SKIPPED_LATELY_MS = 24 * 60 * 60 * 1000;

/** Refusals older than this are history, not a set-up problem to fix. */
const REFUSED_WITHIN_MS = 14 * 24 * 60 * 60 * 1000;
/** The most recent refusals listed; the rest are counted. */
const REFUSALS_SHOWN = 10;

/**
 * Names of a refusal kind seen within the last two weeks, most recent first: all of them (the
 * server keeps at most 100 of each kind), so one seen today is listed whatever its name.
 */
function useRecentRefusals(kind: 'refused_origin' | 'refused_token') {
  const [since] = useState(() => new Date(Date.now() - REFUSED_WITHIN_MS).toISOString());
  const res = useResource<VocabularyPage>(
    `/v1/admin/vocabulary/${kind}?limit=100&seenSince=${encodeURIComponent(since)}`,
  );
  return (res.data?.data ?? []).toSorted((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
}

/** "…and 3 more" under a list cut to REFUSALS_SHOWN. */
function More({ count }: { count: number }) {
  return count > REFUSALS_SHOWN ? <li class="muted small">…and {count - REFUSALS_SHOWN} more</li> : null;
}

/**
 * Pages the widget was turned away from lately because their origin is not allowed (a staging host,
 * a new domain), with a way for an editor to allow each. Gone once allowed.
 */
function RefusedOrigins(props: { allowedOrigins: string[]; editable: boolean; onAllowed: () => void }) {
  const [said, setSaid] = useState('');
  const { allowedOrigins } = props;
  const recent = useRecentRefusals('refused_origin').filter((o) => !originAllowed(o.name, allowedOrigins));
  const allow = async (origin: string) => {
    try {
      await api('PATCH', '/v1/admin/settings', { allowedOrigins: [...allowedOrigins, origin] });
      setSaid(`${origin} is allowed: the widget works there from its next page.`);
      props.onAllowed();
    } catch (err) {
      setSaid(errorMessage(err));
    }
  };
  return (
    <>
      {recent.length > 0 && (
        <div class="notice">
          <p>
            <strong>The widget was turned away from</strong>, as these origins are not allowed:
          </p>
          <ul>
            {recent.slice(0, REFUSALS_SHOWN).map((o) => (
              <li key={o.name}>
                <code>{o.name}</code> <span class="muted small">last seen {date(o.lastSeenAt)}</span>{' '}
                {props.editable && (
                  <button type="button" class="link" onClick={() => allow(o.name)}>
                    Allow<span class="sr-only"> {o.name}</span>
                  </button>
                )}
              </li>
            ))}
            <More count={recent.length} />
          </ul>
          {!props.editable && <p class="muted small">An editor or owner can allow them under Settings.</p>}
        </div>
      )}
      <output aria-live="polite">{said}</output>
    </>
  );
}

/**
 * Why user tokens failed verification lately (expired, signed with another secret …): under
 * `enforce` those calls were refused; under `report`, they would be once tokens are enforced.
 */
function RefusedTokens({ identityMode }: { identityMode: string }) {
  const recent = useRecentRefusals('refused_token');
  if (recent.length === 0) return null;
  return (
    <div class="notice">
      <p>
        <strong>User tokens failed verification lately</strong>
        {identityMode === 'enforce'
          ? ', and those calls were refused:'
          : ': let through now, but refused once signed tokens are enforced:'}
      </p>
      <ul>
        {recent.slice(0, REFUSALS_SHOWN).map((r) => (
          <li key={r.name}>
            {r.name} <span class="muted small">last seen {date(r.lastSeenAt)}</span>
          </li>
        ))}
        <More count={recent.length} />
      </ul>
      <p class="muted small">
        Your backend signs each user's token with the identity secret (HS256, at most 24 hours); renew it when
        the widget raises <code>unauthorized</code>.
      </p>
    </div>
  );
}

const RECENT = 5;

/**
 * The last few changes to the workspace from its audit log, so "who changed what since yesterday"
 * is answered on the first screen. Sign-ins (failed ones too) are left out: they are not changes,
 * and would crowd it.
 */
export function RecentChanges() {
  const log = useResource<AuditLog>('/v1/admin/audit-log?limit=50');
  const recent = (log.data?.data ?? []).filter((e) => !isSignIn(e.action)).slice(0, RECENT);
  if (recent.length === 0) return null;
  return (
    <section class="card" aria-labelledby="recent-changes-title">
      <h2 id="recent-changes-title">Recent changes</h2>
      <ul class="recent-changes">
        {recent.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at}>{dateTime(e.at)}</time> · {actionLabel(e.action)}:{' '}
            <strong>{e.target.name ?? e.target.id}</strong>{' '}
            <span class="muted small">by {actorLabel(e.actor)}</span>
          </li>
        ))}
      </ul>
      <p>
        <Link to="audit">Everything in the audit log</Link>
      </p>
    </section>
  );
}
