import { useState } from 'preact/hooks';
import type { WebhookDelivery, WebhookDeliveryDetail } from '../../shared/money.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { api, errorMessage } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';

function DeliveryRow({
  d,
  editable,
  onChange,
}: {
  d: WebhookDelivery;
  editable: boolean;
  onChange: () => void;
}) {
  const [detail, setDetail] = useState<WebhookDeliveryDetail | null>(null);
  const [error, setError] = useState('');
  const toggle = async () => {
    if (detail) return setDetail(null);
    api<WebhookDeliveryDetail>('GET', `/v1/admin/webhooks/deliveries/${d.id}`).then(setDetail, (err) =>
      setError(errorMessage(err)),
    );
  };
  const redeliver = async () => {
    setError('');
    try {
      setDetail(await api<WebhookDeliveryDetail>('POST', `/v1/admin/webhooks/deliveries/${d.id}/redeliver`));
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
          {/* A sample carries a real event type: the badge is what tells it from a real purchase. */}
          {d.test && (
            <>
              {' '}
              <span class="badge test" title="Sent by Send test: nothing really happened">
                Test
              </span>
            </>
          )}
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

/** The recent deliveries table: status, attempts and last answer per delivery, test sends badged. */
export function RecentDeliveries(props: {
  deliveries: WebhookDelivery[];
  editable: boolean;
  onChange: () => void;
}) {
  return (
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
          {props.deliveries.map((d) => (
            <DeliveryRow key={d.id} d={d} editable={props.editable} onChange={props.onChange} />
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
