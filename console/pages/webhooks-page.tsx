import { useState } from 'preact/hooks';
import {
  WEBHOOK_EVENT_TYPES,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEventType,
} from '../../shared/money.ts';
import { api, errorMessage } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { canEdit, useSession } from '../lib/session.ts';
import { useResource } from '../lib/use-resource.ts';
import { RecentDeliveries } from './webhook-deliveries.tsx';
import { TestSend } from './webhook-test-send.tsx';

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

/** A day: time for the receiving backend to deploy the new secret while both sign. */
const ROTATION_OVERLAP_SECONDS = 86_400;
const ROTATE_CONFIRM =
  'Rotate the signing secret? For 24 hours deliveries are signed with both the old and the new secret; ' +
  'update your receiver to the new one within that time.';

export function WebhooksPage() {
  const { session } = useSession();
  const editable = canEdit(session);
  const endpoints = useResource<{ endpoints: WebhookEndpoint[] }>('/v1/admin/webhooks/endpoints');
  // Test sends pile up while a handler is being built; hiding them leaves the real traffic.
  const [hideTests, setHideTests] = useState(false);
  const deliveries = useResource<{ deliveries: WebhookDelivery[] }>(
    `/v1/admin/webhooks/deliveries?limit=50${hideTests ? '&test=false' : ''}`,
  );
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
      <label class="check-inline">
        <input type="checkbox" checked={hideTests} onChange={(e) => setHideTests(e.currentTarget.checked)} />
        Hide test sends
      </label>
      <RecentDeliveries
        deliveries={deliveries.data?.deliveries ?? []}
        editable={editable}
        onChange={deliveries.reload}
      />
    </section>
  );
}
