import type { RequestNotice } from '../../shared/decide.ts';
import { CloseButton } from './close-button.tsx';
import { useUi } from './context.ts';

/**
 * What a buyer sees when members asked for a product ("ask your admin" on their side): who asked
 * for what. Closing it hides these requests on this browser until a new one arrives.
 */
export function TeamRequests({ requests }: { requests: RequestNotice[] }) {
  const { ctrl, i18n, preview } = useUi();
  const { t } = i18n;
  return (
    <section class={preview ? 'c' : 'c fx callout'} aria-labelledby="a-team" aria-live="polite">
      <CloseButton onClick={() => ctrl.seenRequests(requests.map((r) => r.id))} label={t('close')} />
      <h2 id="a-team">{t('teamAsked')}</h2>
      <ul>
        {requests.map((r) => (
          <li key={r.id}>{t('asks', { u: r.requestedBy, n: r.productName })}</li>
        ))}
      </ul>
    </section>
  );
}
