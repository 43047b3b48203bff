import { useState } from 'preact/hooks';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../shared/money.ts';
import { api } from '../lib/api.ts';

/**
 * "Send test" for one endpoint: a ping, or a signed sample of a real event type, so whoever builds
 * the receiving handler can see a `purchase.created` before any customer buys.
 */
export function TestSend(props: {
  endpoint: { id: string; url: string };
  disabled: boolean;
  act: (work: () => Promise<unknown>, done: string) => void;
}) {
  const [eventType, setEventType] = useState<WebhookEventType | ''>('');
  const id = `test-type-${props.endpoint.id}`;
  return (
    <span class="test-send">
      <label class="sr-only" for={id}>
        Test message for {props.endpoint.url}
      </label>
      <select
        id={id}
        value={eventType}
        disabled={props.disabled}
        onChange={(e) => setEventType(e.currentTarget.value as WebhookEventType | '')}
      >
        <option value="">Ping (webhook.test)</option>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <option key={type} value={type}>
            Sample {type}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={props.disabled}
        onClick={() =>
          props.act(
            () =>
              api(
                'POST',
                `/v1/admin/webhooks/endpoints/${props.endpoint.id}/test`,
                eventType ? { eventType } : {},
              ),
            `${eventType ? `Sample ${eventType}` : 'Test'} sent to ${props.endpoint.url}.`,
          )
        }
      >
        Send test
      </button>
    </span>
  );
}
