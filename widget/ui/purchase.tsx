import { useState } from 'preact/hooks';
import type { Intent } from '../types.ts';
import { CloseButton } from './close-button.tsx';
import { useUi } from './context.ts';
import { Dialog } from './dialog.tsx';
import { day, money } from './money-format.ts';

type Phase = 'idle' | 'busy' | 'done' | 'failed' | 'changed' | 'repriced';

/**
 * One-click purchase: shows exactly what will be charged (price, discount and how long it lasts,
 * interval, offer expiry); one click confirms. Retries reuse the intent's idempotency key.
 */
export function PurchaseDialog({ intent: initial }: { intent: Intent }) {
  const { ctrl, i18n } = useUi();
  const { t, locale } = i18n;
  const [phase, setPhase] = useState<Phase>('idle');
  const [billing, setBilling] = useState<'interval' | 'annual'>('interval');
  const [intent, setIntent] = useState(initial);
  const offer = intent.offer;
  if (!offer) return null;
  const close = () => ctrl.open(undefined);
  const confirm = async () => {
    setPhase('busy');
    const res = await ctrl.purchase(intent, billing);
    if (res.ok || res.error.code === 'already_owned') return setPhase('done');
    if (
      res.error.code === 'purchase_not_allowed' ||
      res.error.code === 'purchase_requires_verified_identity'
    ) {
      return ctrl.open({ kind: 'ask', intent });
    }
    // A changed price comes with the new offer: show it, and let the next click confirm that one.
    const repriced = (res.error.details as { offer?: Intent['offer'] } | undefined)?.offer;
    if (res.error.code === 'price_changed' && repriced?.version) setIntent({ ...intent, offer: repriced });
    else if (res.error.code !== 'price_changed' && res.error.code !== 'offer_expired')
      return setPhase('failed');
    setPhase(repriced?.version ? 'repriced' : 'changed');
  };
  const annual = billing === 'annual' && offer.annual;
  const amount = annual
    ? money(offer.annual?.amount ?? 0, offer.currency, locale)
    : money(offer.amount, offer.currency, locale);
  const interval = t(annual ? 'year' : offer.interval);
  return (
    <Dialog labelledBy="a-buy" onClose={close}>
      <CloseButton onClick={close} label={t('close')} />
      <h2 id="a-buy">{phase === 'done' ? offer.name : t('confirmTitle')}</h2>
      {phase === 'done' ? (
        <>
          <output class="ok">{t('bought', { n: offer.name })}</output>
          <div class="act">
            <button type="button" class="p" onClick={close}>
              {t('done')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>{offer.name}</p>
          <p class="price">{t('per', { a: amount, i: interval })}</p>
          {!annual && offer.credit && (
            <p class="m">
              {t('credited', { n: offer.credit.name, a: money(offer.credit.amount, offer.currency, locale) })}
            </p>
          )}
          {!annual && !offer.credit && offer.listAmount > offer.amount && (
            <p class="m">{t('insteadOf', { a: money(offer.listAmount, offer.currency, locale) })}</p>
          )}
          {!annual &&
            offer.discounts.map((d) => (
              <p key={d.kind} class="m">
                {d.months ? t('discountFor', { p: d.percent, m: d.months }) : t('discount', { p: d.percent })}
              </p>
            ))}
          {offer.annual && (
            <label class="m">
              <input
                type="checkbox"
                checked={billing === 'annual'}
                onChange={(e) => setBilling(e.currentTarget.checked ? 'annual' : 'interval')}
              />{' '}
              {t('annual', {
                a: money(offer.annual.amount, offer.currency, locale),
                p: offer.annual.percentOff,
              })}
            </label>
          )}
          {offer.expiresAt && <p class="m">{t('expires', { d: day(offer.expiresAt, locale) })}</p>}
          {(phase === 'failed' || phase === 'changed' || phase === 'repriced') && (
            <p class="err" role="alert">
              {t(phase === 'failed' ? 'failed' : 'priceChanged')}
            </p>
          )}
          <div class="act">
            <button
              type="button"
              class="p"
              disabled={phase === 'busy' || phase === 'changed'}
              onClick={() => void confirm()}
            >
              {phase === 'failed' ? t('retry') : t('confirm')}
            </button>
            <button type="button" onClick={close}>
              {t('cancel')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
