import type { FailedCall } from '../../shared/failed-calls.ts';
import type { SyncedData } from '../../shared/vocabulary.ts';
import type { IdentityMode } from '../../shared/workspace.ts';
import { date } from './format.ts';

/** How many of the last day's failed calls the Overview reads: past it, "or more". */
export const RECENT_FAILED_CALLS_READ = 100;

/** What the checklist reads: each part from its own list, unknown while loading. */
export interface SetupFacts {
  /** The allowlist as Settings holds it. */
  allowedOrigins?: readonly string[];
  identityMode?: IdentityMode;
  widgetOrigins?: number;
  accounts?: boolean;
  products?: boolean;
  enabledEndpoints?: number;
  /** The admin API's calls with a secret key that failed in the last day, newest first (at most RECENT_FAILED_CALLS_READ). */
  recentFailedCalls?: ReadonlyArray<Pick<FailedCall, 'method' | 'path' | 'status' | 'code'>>;
  /** When host data of each kind last arrived (the `sync` vocabulary: a day's precision). */
  synced?: Partial<Record<SyncedData, string>>;
  /** The moment the checklist is read at. */
  now?: number;
}

/** Host data that keeps changing (plans, seats, usage): a sync quiet this long has likely stopped. */
export const STALE_SYNC_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;
const SYNC_ORDER: readonly SyncedData[] = ['accounts', 'users', 'ownership', 'usage', 'events'];
/**
 * Data a host syncs on a schedule (plans, seats, usage against quotas) warns when it stops arriving;
 * users, ownership and backend events may rightly stay quiet for days.
 */
const SCHEDULED: ReadonlySet<SyncedData> = new Set(['accounts', 'usage']);

export interface SetupItem {
  id: string;
  label: string;
  state: 'done' | 'todo' | 'warn';
  detail: string;
}

/** `Accounts have not arrived for 4 days, usage for 9 days`. */
function staleSentence(stale: ReadonlyArray<{ data: SyncedData; days: number }>): string {
  return stale
    .map(({ data, days }, i) =>
      i === 0
        ? `${data.charAt(0).toUpperCase()}${data.slice(1)} ${data === 'usage' ? 'has' : 'have'} not arrived for ${days} days`
        : `${data} for ${days} days`,
    )
    .join(', ');
}

/**
 * The steps a host's developers take to go live, each with what is missing: the console's answer to
 * "is our integration complete?". An item whose facts are still loading is left out.
 */
export function setupChecklist(f: SetupFacts): SetupItem[] {
  const items: SetupItem[] = [];
  if (f.allowedOrigins !== undefined) {
    const n = f.allowedOrigins.length;
    const any = f.allowedOrigins.includes('*');
    items.push({
      id: 'origins',
      label: 'Allowed origins',
      state: any ? 'warn' : n > 0 ? 'done' : 'todo',
      detail: any
        ? 'Any origin (*) may call the widget API: list your product’s own origins for production (Settings).'
        : n > 0
          ? `${n} origin(s) may call the widget API.`
          : 'None yet: browsers are refused until your product’s origin is added (Settings).',
    });
  }
  if (f.widgetOrigins !== undefined)
    items.push({
      id: 'widget',
      label: 'Script tag',
      state: f.widgetOrigins > 0 ? 'done' : 'todo',
      detail:
        f.widgetOrigins > 0
          ? 'The widget has called Attach from your pages.'
          : 'Not seen yet: add the script tag below to your product’s pages.',
    });
  if (f.identityMode !== undefined)
    items.push({
      id: 'identity',
      label: 'Signed user tokens',
      state: f.identityMode === 'enforce' ? 'done' : f.identityMode === 'report' ? 'warn' : 'todo',
      detail: {
        enforce: 'Enforced: only users your backend signed are served.',
        report:
          'Report mode: unsigned users are let through and logged. Switch to enforce once tokens are signed.',
        off: 'Off (development only): anyone can claim any user, and purchases are refused.',
      }[f.identityMode],
    });
  if (f.accounts !== undefined)
    items.push({
      id: 'accounts',
      label: 'Accounts synced',
      state: f.accounts ? 'done' : 'todo',
      detail: f.accounts
        ? 'Your backend has synced accounts.'
        : 'None yet: decide shows nothing to an account it does not know (POST /v1/admin/accounts/batch, or Segment’s group calls through /v1/admin/integrations/segment).',
    });
  if (f.products !== undefined)
    items.push({
      id: 'products',
      label: 'Catalogue',
      state: f.products ? 'done' : 'todo',
      detail: f.products
        ? 'Products to offer are in the catalogue.'
        : 'Empty: add the products to offer (Products).',
    });
  if (f.enabledEndpoints !== undefined)
    items.push({
      id: 'webhooks',
      label: 'Webhooks',
      state: f.enabledEndpoints > 0 ? 'done' : 'todo',
      detail:
        f.enabledEndpoints > 0
          ? `${f.enabledEndpoints} endpoint(s) hear of trials and purchases.`
          : 'No endpoint: your backend will not hear of trials and purchases to provision (Webhooks).',
    });
  const synced = SYNC_ORDER.flatMap((data) => {
    const at = f.synced?.[data];
    return at ? [{ data, at, days: Math.floor(((f.now ?? Date.now()) - Date.parse(at)) / DAY_MS) }] : [];
  });
  if (synced.length > 0) {
    const stale = synced.filter((s) => SCHEDULED.has(s.data) && s.days > STALE_SYNC_DAYS);
    const arrived = synced.map((s) => `${s.data} ${date(s.at)}`).join(' · ');
    items.push({
      id: 'freshness',
      label: 'Data freshness',
      state: stale.length ? 'warn' : 'done',
      detail: stale.length
        ? `${staleSentence(stale)}: is your sync still running? Decisions use what it last sent. Last arrived: ${arrived}.`
        : `Last arrived: ${arrived}.`,
    });
  }
  // Listed only when something failed: a quiet day says nothing about an integration not yet built.
  const [latest] = f.recentFailedCalls ?? [];
  if (latest) {
    const n = f.recentFailedCalls?.length ?? 0;
    items.push({
      id: 'failed-calls',
      label: 'API calls',
      state: 'warn',
      detail: `${n >= RECENT_FAILED_CALLS_READ ? `${n} or more` : n} call(s) with a secret key failed in the last day; the latest, ${latest.method} ${latest.path}, answered ${latest.status} ${latest.code} (API keys → Recent failed calls).`,
    });
  }
  return items;
}
