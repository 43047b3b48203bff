import { useEffect, useState } from 'preact/hooks';
import { apiKeyActor } from '../../shared/api-keys.ts';
import {
  FAILED_CALLS_KEPT_DAYS,
  FAILED_CALLS_KEPT_MAX,
  FAILED_CALLS_PATH,
  FAILED_CALLS_PER_MINUTE,
  type FailedCall,
} from '../../shared/failed-calls.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { dateTime, num } from '../lib/format.ts';
import { usePaged } from '../lib/use-paged.ts';

/** How the list names a call made with a named API key: `key:` and the key's name. */
const NAMED_KEY = apiKeyActor('');

/** A caller as the keys page names it: a named key by its name alone, beside its row above. */
function callerLabel(actor: string): string {
  if (actor === 'api') return 'Workspace secret key';
  if (actor === 'api:previous') return 'Replaced secret key (overlap)';
  return actor.startsWith(NAMED_KEY) ? actor.slice(NAMED_KEY.length) : actor;
}

/** The workspace's own key first, then its replaced one, then named keys by name. */
const callerRank = (actor: string) => (actor === 'api' ? 0 : actor === 'api:previous' ? 1 : 2);
const byCaller = (a: string, b: string) =>
  callerRank(a) - callerRank(b) || callerLabel(a).localeCompare(callerLabel(b));

const failedCallsPath = (actor: string) =>
  `${FAILED_CALLS_PATH}?${new URLSearchParams({ limit: '50', ...(actor ? { actor } : {}) })}`;

/**
 * The admin API's recent refusals and failures of the workspace's integrations, so a developer whose
 * sync stopped sees why without the server's logs. Every role reads it, as every role reads the keys.
 */
export function FailedCalls({ keyNames }: { keyNames: string[] }) {
  const [actor, setActor] = useState('');
  // Refresh reads the list again from its newest page: a new list, with a key of its own.
  const [round, setRound] = useState(0);
  // Callers seen in any page loaded, so picking one does not drop the others from the filter.
  const [seen, setSeen] = useState<string[]>([]);
  const callers = [...new Set([...keyNames.map(apiKeyActor), ...seen])].sort(byCaller);
  return (
    <section aria-labelledby="failed-calls-title">
      <h2 id="failed-calls-title">Recent failed calls</h2>
      <p class="muted">
        Calls to the admin API made with the workspace's secret key or an API key that were refused or failed,
        from the last {FAILED_CALLS_KEPT_DAYS} days (at most {num(FAILED_CALLS_KEPT_MAX)}, and only the first{' '}
        {FAILED_CALLS_PER_MINUTE} or so a minute when an integration fails in a loop); the console's own calls
        are not listed.
      </p>
      <div class="field inline">
        <label for="failed-calls-caller">Caller</label>
        <select id="failed-calls-caller" value={actor} onChange={(e) => setActor(e.currentTarget.value)}>
          <option value="">All callers</option>
          {callers.map((caller) => (
            <option key={caller} value={caller}>
              {callerLabel(caller)}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => setRound((r) => r + 1)}>
          Refresh<span class="sr-only"> failed calls</span>
        </button>
      </div>
      <CallList
        key={round}
        actor={actor}
        onCallers={(actors) => setSeen((before) => [...new Set([...before, ...actors])])}
      />
    </section>
  );
}

function CallList({ actor, onCallers }: { actor: string; onCallers: (actors: string[]) => void }) {
  const calls = usePaged<FailedCall>(failedCallsPath(actor));
  useEffect(() => onCallers(calls.items.map((c) => c.actor)), [calls.items]);
  const none = actor
    ? `No failed calls by ${callerLabel(actor)} in the last ${FAILED_CALLS_KEPT_DAYS} days.`
    : `No failed calls in the last ${FAILED_CALLS_KEPT_DAYS} days.`;
  return (
    <>
      {calls.error && <p class="field-error">{calls.error}</p>}
      {calls.loading && calls.items.length === 0 && <p class="loading">Loading…</p>}
      {calls.loaded && !calls.loading && !calls.error && calls.items.length === 0 && (
        <p class="muted">{none}</p>
      )}
      {calls.items.length > 0 && (
        <TableWrap label="Failed calls, newest first">
          <table aria-busy={calls.loading}>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Caller</th>
                <th scope="col">Call</th>
                <th scope="col" class="num">
                  Status
                </th>
                <th scope="col">Error</th>
                <th scope="col">Request ID</th>
              </tr>
            </thead>
            <tbody>
              {calls.items.map((call) => (
                <CallRow key={call.id} call={call} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {calls.more && (
        <button type="button" disabled={calls.loading} onClick={calls.more}>
          Load more<span class="sr-only"> failed calls</span>
        </button>
      )}
    </>
  );
}

function CallRow({ call }: { call: FailedCall }) {
  return (
    <tr>
      <th scope="row">
        <time dateTime={call.at} title={call.at}>
          {dateTime(call.at)}
        </time>
      </th>
      <td>{callerLabel(call.actor)}</td>
      <td>
        <code>
          {call.method} {call.path}
        </code>
      </td>
      <td class="num">{call.status}</td>
      <td>
        <code>{call.code}</code> {call.message}
      </td>
      <td>{call.requestId ? <code class="muted small">{call.requestId}</code> : '—'}</td>
    </tr>
  );
}
