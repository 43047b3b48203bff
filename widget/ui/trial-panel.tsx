import { useEffect, useRef } from 'preact/hooks';
import type { Message } from '../../shared/decide.ts';
import type { Trial } from '../../shared/money.ts';
import { type Intent, intentOf } from '../types.ts';
import { useUi } from './context.ts';

/** Conversion prompt threshold: a trial this close to its end asks to keep the product. */
const ENDING_DAYS = 3;

/**
 * The guided-trial checklist: week-by-week steps, success criteria, progress and days left, with
 * "buy now" at any time. Collapsed to a pill on demand; the choice survives reloads.
 */
export function TrialPanel({ trial, open, messages }: { trial: Trial; open: boolean; messages: Message[] }) {
  const { ctrl, i18n, preview } = useUi();
  const { t } = i18n;
  const fx = preview ? '' : ' fx';
  const days = t('daysLeft', { d: trial.daysLeft });
  const title = t('trial', { n: trial.productName });
  // Collapsing swaps the panel for the pill (and back): focus follows to the new toggle instead of
  // falling onto the page. Not on first render: the panel never takes focus by appearing.
  const toggle = useRef<HTMLButtonElement>(null);
  const rendered = useRef(false);
  useEffect(() => {
    if (rendered.current && !preview) toggle.current?.focus();
    rendered.current = true;
  }, [open]);
  if (!open) {
    return (
      <button
        ref={toggle}
        type="button"
        class={`c pill panel${fx}`}
        aria-expanded="false"
        onClick={() => ctrl.togglePanel(true)}
      >
        {title} · {days}
      </button>
    );
  }
  const { completed, total } = trial.progress;
  const fromMessage = messages.find((m) => m.offer && intentOf(m).productKey === trial.productKey);
  const intent: Intent | undefined =
    trial.offer && trial.decisionId
      ? {
          decisionId: trial.decisionId,
          productKey: trial.productKey,
          name: trial.productName,
          offer: trial.offer,
        }
      : fromMessage && intentOf(fromMessage);
  const buy =
    intent && (() => ctrl.open({ kind: fromMessage && !fromMessage.canPurchase ? 'ask' : 'buy', intent }));
  return (
    <section class={`c panel${fx}`} aria-labelledby="a-trial">
      <button
        ref={toggle}
        type="button"
        class="x"
        aria-expanded="true"
        aria-label={t('hide')}
        onClick={() => ctrl.togglePanel(false)}
      >
        –
      </button>
      <h2 id="a-trial">{title}</h2>
      <p class="m">
        {days} · {t('steps', { c: completed, t: total })}
      </p>
      <div
        class="bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={completed}
        aria-label={title}
      >
        <i style={{ width: `${total ? (100 * completed) / total : 0}%` }} />
      </div>
      {trial.daysLeft <= ENDING_DAYS && (
        <p class="warn">{t('endsSoon', { d: trial.daysLeft, n: trial.productName })}</p>
      )}
      {trial.weeks.map((w) => (
        <div key={w.week}>
          <h3>
            {t('week', { w: w.week })}: {w.title}
          </h3>
          <Steps steps={w.steps} />
        </div>
      ))}
      <h3>{t('goals')}</h3>
      <Steps steps={trial.successCriteria} />
      {buy && (
        <div class="act">
          <button type="button" class="p" onClick={buy}>
            {t('buyNow')}
          </button>
        </div>
      )}
    </section>
  );
}

function Steps({ steps }: { steps: Trial['successCriteria'] }) {
  const { t } = useUi().i18n;
  return (
    <ul>
      {steps.map((s) => (
        <li key={s.id} class={s.completedAt ? 'step done' : 'step'}>
          {/* Done is said, not only struck through. */}
          {s.completedAt ? (
            <span role="img" aria-label={t('done')}>
              ✓
            </span>
          ) : (
            <span aria-hidden="true">○</span>
          )}{' '}
          {s.title}
        </li>
      ))}
    </ul>
  );
}
