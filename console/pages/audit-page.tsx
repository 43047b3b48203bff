import { useEffect, useState } from 'preact/hooks';
import { AuditAction, type AuditEntry, AuditTargetType } from '../../shared/audit.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { actionGroups, actionLabel, actorLabel, targetTypeLabel } from '../lib/audit-labels.ts';
import { dateTime, shortValue, valueText } from '../lib/format.ts';
import { Link, navigate, routeParams, useCurrentRoute } from '../lib/router.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { usePaged } from '../lib/use-paged.ts';

/** The filters the page's URL carries, so a view ("every key rotation") can be shared as a link. */
interface AuditFilters {
  action: AuditAction | '';
  /** Exact: a console user's email, `api`, `key:<name>` or `operator`. */
  actor: string;
  /** One thing's history (a product's, an account's), as other pages link to it. */
  target: { type: AuditTargetType; id: string } | undefined;
}

function auditFilters(query: URLSearchParams): AuditFilters {
  const type = AuditTargetType.safeParse(query.get('targetType')).data;
  const id = query.get('targetId');
  return {
    action: AuditAction.safeParse(query.get('action')).data ?? '',
    actor: query.get('actor')?.trim() ?? '',
    target: type && id ? { type, id } : undefined,
  };
}

function filterQuery(filters: AuditFilters, q = new URLSearchParams()): URLSearchParams {
  if (filters.action) q.set('action', filters.action);
  if (filters.actor) q.set('actor', filters.actor);
  if (filters.target) {
    q.set('targetType', filters.target.type);
    q.set('targetId', filters.target.id);
  }
  return q;
}

const auditPath = (filters: AuditFilters) =>
  `/v1/admin/audit-log?${filterQuery(filters, new URLSearchParams({ limit: '50' }))}`;

/** The CSV of every entry the filters keep, not only the pages loaded. */
function csvPath(filters: AuditFilters): string {
  const q = filterQuery(filters).toString();
  return `/v1/admin/audit-log.csv${q ? `?${q}` : ''}`;
}

/** Replaces one filter in the page's URL, keeping the other. */
function setFilter(query: URLSearchParams, name: keyof AuditFilters, value: string) {
  const next = new URLSearchParams(query);
  if (value) next.set(name, value);
  else next.delete(name);
  const qs = next.toString();
  navigate(`audit${qs ? `?${qs}` : ''}`, { replace: true });
}

/**
 * Who changed what in the workspace's configuration, and who erased whose data, newest first:
 * every console role reads it (the answer to "why did the price change?" is not an owner's alone).
 */
export function AuditPage() {
  const { query } = routeParams(useCurrentRoute());
  const filters = auditFilters(query);
  const log = usePaged<AuditEntry>(auditPath(filters));
  const filtered = filters.action !== '' || filters.actor !== '' || filters.target !== undefined;
  return (
    <section>
      <h1>Audit log</h1>
      <p class="muted">
        Every configuration change, console sign-in, purchase, request or lead settled by hand and data
        erasure in this workspace, who made it and when; how long it is kept is under Settings, Data
        retention.
      </p>
      {filters.target && (
        <p>
          The history of {targetTypeLabel(filters.target.type).toLowerCase()} <code>{filters.target.id}</code>{' '}
          · <Link to="audit">Every entry</Link>
        </p>
      )}
      <FilterBar query={query} filters={filters} />
      <p>
        <a class="button" href={csvPath(filters)} download>
          Download {filtered ? 'these entries' : 'the audit log'} (CSV)
        </a>
      </p>
      {log.error && <p class="field-error">{log.error}</p>}
      {log.loading && log.items.length === 0 && <p class="loading">Loading…</p>}
      {log.loaded && !log.loading && !log.error && log.items.length === 0 && (
        <p class="muted">{filtered ? 'No entries match these filters.' : 'No changes recorded yet.'}</p>
      )}
      {log.items.length > 0 && (
        <TableWrap label="Audit entries, newest first">
          <table aria-busy={log.loading}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">Target</th>
                <th scope="col" class="audit-changes-col">
                  Changes
                </th>
              </tr>
            </thead>
            <tbody>
              {log.items.map((entry) => (
                <EntryRow key={entry.id} entry={entry} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {log.more && (
        <button type="button" disabled={log.loading} onClick={log.more}>
          Load more
        </button>
      )}
    </section>
  );
}

/** The action select and the actor input: both rewrite their parameter in the page's URL. */
function FilterBar({ query, filters }: { query: URLSearchParams; filters: AuditFilters }) {
  const [actor, setActor] = useState(filters.actor);
  // The address changes once the typing pauses, not per key (each change asks the API again).
  const typed = useDebounced(actor.trim(), 300);
  useEffect(() => {
    if (typed !== filters.actor) setFilter(query, 'actor', typed);
  }, [typed]);
  // The address changed from elsewhere (the navigation's link clears it): the input follows it.
  useEffect(() => {
    if (filters.actor !== typed) setActor(filters.actor);
  }, [filters.actor]);
  return (
    <form class="filters" aria-label="Audit log filters" onSubmit={(e) => e.preventDefault()}>
      <div class="field inline">
        <label for="audit-action">Action</label>
        <select
          id="audit-action"
          value={filters.action}
          onChange={(e) => setFilter(query, 'action', e.currentTarget.value)}
        >
          <option value="">All actions</option>
          {actionGroups().map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.actions.map(([action, label]) => (
                <option key={action} value={action}>
                  {label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div class="field inline">
        <label for="audit-actor">Who</label>
        <input
          id="audit-actor"
          type="search"
          maxLength={320}
          placeholder="email, api or operator"
          aria-describedby="audit-actor-hint"
          value={actor}
          onInput={(e) => setActor(e.currentTarget.value)}
        />
        <span id="audit-actor-hint" class="hint">
          The exact email of a console user, <code>api</code> for the secret key or <code>operator</code>
        </span>
      </div>
    </form>
  );
}

function EntryRow({ entry }: { entry: AuditEntry }) {
  return (
    <tr>
      <th scope="row">
        <time dateTime={entry.at} title={entry.at}>
          {dateTime(entry.at)}
        </time>
      </th>
      <td>{actorLabel(entry.actor)}</td>
      <td>{actionLabel(entry.action)}</td>
      <td>
        <Target entry={entry} />
      </td>
      <td class="audit-changes-col">
        <Changes entry={entry} />
      </td>
    </tr>
  );
}

/** Where a target can still be opened: not once the entry records its deletion. */
function targetRoute({ action, target }: AuditEntry): string | undefined {
  if (target.type === 'campaign' && action !== 'campaign.deleted') {
    return `campaigns/${encodeURIComponent(target.id)}`;
  }
  if (target.type === 'account' && action !== 'account.deleted') {
    return `accounts?id=${encodeURIComponent(target.id)}`;
  }
  // The keys page lists revoked keys too.
  if (target.type === 'api_key') return 'api-keys';
  return undefined;
}

function Target({ entry }: { entry: AuditEntry }) {
  const { type, id, name } = entry.target;
  const route = targetRoute(entry);
  // The name it had then; the id (a campaign's uuid, a product's key) on hover.
  const title = name !== null && name !== id ? id : undefined;
  return (
    <>
      <span class="muted">{targetTypeLabel(type)}</span>{' '}
      {route ? (
        <Link to={route} title={title}>
          {name ?? id}
        </Link>
      ) : (
        <span title={title}>{name ?? id}</span>
      )}
    </>
  );
}

/** What an update changed (`price.amount: 4900 → 5900`), then the action's details (`keys: "both"`). */
function Changes({ entry }: { entry: AuditEntry }) {
  const details = Object.entries(entry.details ?? {});
  if (entry.changes.length === 0 && details.length === 0) return <>—</>;
  return (
    <ul class="audit-changes small">
      {entry.changes.map((c) => (
        <li key={`change:${c.field}`}>
          <code>{c.field}</code>: <Value value={c.from} /> → <Value value={c.to} />
        </li>
      ))}
      {details.map(([key, value]) => (
        <li key={`detail:${key}`}>
          <code>{key}</code>: <Value value={value} />
        </li>
      ))}
    </ul>
  );
}

/** A value on one short line, the whole of it on hover when it had to be cut. */
function Value({ value }: { value: unknown }) {
  const full = valueText(value);
  const short = shortValue(value);
  return <span title={short === full ? undefined : full}>{short}</span>;
}
