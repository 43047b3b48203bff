import { useState } from 'preact/hooks';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEventType,
} from '../../shared/money.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { api, errorMessage } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { canEdit, useSession } from '../lib/session.ts';
import { useResource } from '../lib/use-resource.ts';
import { TestSend } from './webhook-test-send.tsx';

interface DeliveryDetail extends WebhookDelivery {
  attemptLog: Array<{
    attempt: number;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    createdAt: string;
  }>;
}

function AddEndpoint({ onAdded }: { onAdded: (secret: string) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [types, setTypes] = useState<WebhookEventType[]>([...WEBHOOK_EVENT_TYPES]);
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    try {
      const created = await api<{ secret: string }>('POST', '/v1/admin/webhooks/endpoints', {
        url,
        description,
        eventTypes: types,
      });
      setUrl('');
      setDescription('');
      onAdded(created.secret);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-label="Add a webhook endpoint">
      <h2>Add an endpoint</h2>
      <div class="grid">
        <div class="field">
          <label for="wh-url">URL</label>
          <input
            id="wh-url"
            type="url"
            required
            value={url}
            placeholder="https://example.com/attach"
            onInput={(e) => setUrl(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="wh-desc">Description</label>
          <input id="wh-desc" value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
        </div>
      </div>
      <fieldset class="field multi">
        <legend>Events</legend>
        <div class="checks">
          {WEBHOOK_EVENT_TYPES.map((t) => (
            <label key={t} class="check-inline">
              <input
                type="checkbox"
                checked={types.includes(t)}
                onChange={(e) =>
                  setTypes(e.currentTarget.checked ? [...types, t] : types.filter((x) => x !== t))
                }
              />
              {t}
            </label>
          ))}
        </div>
      </fieldset>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="primary">
        Add endpoint
      </button>
    </form>
  );
}

function DeliveryRow({
  d,
  editable,
  onChange,
}: {
  d: WebhookDelivery;
  editable: boolean;
  onChange: () => void;
}) {
  const [detail, setDetail] = useState<DeliveryDetail | null>(null);
  const [error, setError] = useState('');
  const toggle = async () => {
    if (detail) return setDetail(null);
    api<DeliveryDetail>('GET', `/v1/admin/webhooks/deliveries/${d.id}`).then(setDetail, (err) =>
      setError(errorMessage(err)),
    );
  };
  const redeliver = async () => {
    setError('');
    try {
      setDetail(await api<DeliveryDetail>('POST', `/v1/admin/webhooks/deliveries/${d.id}/redeliver`));
      onChange();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <>
      <tr>
        <td>{dateTime(d.createdAt)}</td>
        <td>
          <code>{d.eventType}</code>
        </td>
        <td>
          <span class={`badge ${d.status}`}>{d.status}</span>
        </td>
        <td class="num">{d.attempts}</td>
        <td>{d.lastStatusCode ?? d.lastError ?? '—'}</td>
        <td class="actions">
          <button type="button" class="link" aria-expanded={detail !== null} onClick={toggle}>
            Attempts
          </button>
          <button type="button" class="link" disabled={!editable} onClick={redeliver}>
            Redeliver
          </button>
          {error && <span class="field-error">{error}</span>}
        </td>
      </tr>
      {detail && (
        <tr class="detail">
          <td colSpan={6}>
            <ol class="small">
              {detail.attemptLog.map((a) => (
                <li key={a.attempt}>
                  {dateTime(a.createdAt)}: {a.statusCode ?? 'no response'} {a.error ?? ''} ({a.durationMs} ms)
                </li>
              ))}
            </ol>
          </td>
        </tr>
      )}
    </>
  );
}

/** A day: time for the receiving backend to deploy the new secret while both sign. */
const ROTATION_OVERLAP_SECONDS = 86_400;
const ROTATE_CONFIRM =
  'Rotate the signing secret? For 24 hours deliveries are signed with both the old and the new secret; ' +
  'update your receiver to the new one within that time.';

export function WebhooksPage() {
  const { session } = useSession();
  const editable = canEdit(session);
  const endpoints = useResource<{ endpoints: WebhookEndpoint[] }>('/v1/admin/webhooks/endpoints');
  const deliveries = useResource<{ deliveries: WebhookDelivery[] }>('/v1/admin/webhooks/deliveries?limit=50');
  const [notice, setNotice] = useState('');
  const act = async <T,>(work: () => Promise<T>, done: string | ((result: T) => string)) => {
    try {
      const result = await work();
      setNotice(typeof done === 'string' ? done : done(result));
      endpoints.reload();
      deliveries.reload();
    } catch (err) {
      setNotice(errorMessage(err));
    }
  };
  return (
    <section>
      <h1>Webhooks</h1>
      <output aria-live="polite" class="notice">
        {notice}
      </output>
      <h2>Endpoints</h2>
      {(endpoints.data?.endpoints ?? []).length === 0 && <p class="muted">No endpoints yet.</p>}
      <ul class="endpoint-list">
        {(endpoints.data?.endpoints ?? []).map((ep) => (
          <li key={ep.id} class="card">
            <strong>{ep.url}</strong> <span class={`badge ${ep.status}`}>{ep.status}</span>
            {ep.disabledReason && <span class="muted"> ({ep.disabledReason})</span>}
            <p class="muted small">
              {ep.description} {ep.eventTypes.join(', ')}
            </p>
            {ep.previousSecretExpiresAt && (
              <p class="small">
                The previous secret also signs until {dateTime(ep.previousSecretExpiresAt)}.
              </p>
            )}
            <div class="actions">
              <TestSend endpoint={ep} disabled={!editable} act={act} />
              <button
                type="button"
                disabled={!editable}
                onClick={() =>
                  act(
                    () =>
                      api('PATCH', `/v1/admin/webhooks/endpoints/${ep.id}`, {
                        status: ep.status === 'enabled' ? 'disabled' : 'enabled',
                      }),
                    'Endpoint updated.',
                  )
                }
              >
                {ep.status === 'enabled' ? 'Disable' : 'Enable'}
              </button>
              <button
                type="button"
                disabled={!editable}
                onClick={() =>
                  window.confirm(ROTATE_CONFIRM) &&
                  act(
                    () =>
                      api<{ secret: string }>('POST', `/v1/admin/webhooks/endpoints/${ep.id}/rotate-secret`, {
                        overlapSeconds: ROTATION_OVERLAP_SECONDS,
                      }),
                    (r) => `Secret rotated. The new signing secret, shown once: ${r.secret}`,
                  )
                }
              >
                Rotate secret
              </button>
              <button
                type="button"
                class="link danger"
                disabled={!editable}
                onClick={() =>
                  window.confirm(`Delete ${ep.url}?`) &&
                  act(() => api('DELETE', `/v1/admin/webhooks/endpoints/${ep.id}`), 'Endpoint deleted.')
                }
              >
                Delete
              </button>
            </div>
          </li>
        ))}
      </ul>
      {editable && (
        <AddEndpoint
          onAdded={(secret) =>
            act(async () => {}, `Endpoint added. Its signing secret, shown once: ${secret}`)
          }
        />
      )}
      <h2>Recent deliveries</h2>
      <TableWrap label="Recent deliveries">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Attempts
              </th>
              <th scope="col">Last response</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(deliveries.data?.deliveries ?? []).map((d) => (
              <DeliveryRow key={d.id} d={d} editable={editable} onChange={deliveries.reload} />
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
