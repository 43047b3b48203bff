import { useRef, useState } from 'preact/hooks';
import type { Message } from '../../shared/decide.ts';
import { themeVars } from '../theme.ts';
import { CloseButton } from './close-button.tsx';
import type { UiContext } from './context.ts';
import { useSeen } from './hooks.ts';
import { Markdown, safeHref } from './markdown.tsx';

/** Title, body (safe markdown), image, ROI line and the message's actions. */
export function Content({ m, titleId, ui }: { m: Message; titleId: string; ui: UiContext }) {
  const { ctrl, i18n } = ui;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(false);
  // Campaign copy labels the buyer's actions; "ask your admin" and "talk to us" replace them for
  // users who may not buy or sales-routed accounts, so those carry the widget's own words.
  const labels = [m.content.primaryLabel, m.content.secondaryLabel];
  const image =
    m.content.imageUrl && safeHref(m.content.imageUrl)?.startsWith('https:') ? m.content.imageUrl : undefined;
  const run = async (action: Message['actions'][number]) => {
    setBusy(true);
    const res = await ctrl.act(m, action);
    setBusy(false);
    setError(!res.ok);
  };
  return (
    <>
      <CloseButton onClick={() => ctrl.dismiss(m)} label={i18n.t('close')} />
      <div class="b">
        <h2 id={titleId}>{m.content.title}</h2>
        {image && <img src={image} alt="" />}
        <Markdown text={m.content.body} />
        {m.content.roiLine && <p class="roi">{m.content.roiLine}</p>}
        {error && (
          <p class="err" role="alert">
            {i18n.t('failed')}
          </p>
        )}
      </div>
      <div class="act">
        {m.actions.slice(0, 2).map((action, i) => (
          <button
            type="button"
            key={action}
            class={i ? '' : 'p'}
            disabled={busy}
            onClick={() => void run(action)}
          >
            {action === 'contact'
              ? i18n.t('contactTitle')
              : action === 'ask_admin'
                ? i18n.t('askTitle')
                : (labels[i] ?? i18n.t('buyNow'))}
          </button>
        ))}
        <button type="button" class="t" onClick={() => ctrl.dismiss(m, true)}>
          {i18n.t('later')}
        </button>
      </div>
    </>
  );
}

const CLASS: Partial<Record<Message['format'], string>> = {
  callout: 'c fx callout',
  banner: 'c fx banner',
  tooltip: 'c tip',
  inline: 'c inline',
  inbox: 'c inbox',
};

/**
 * A message as a card: callout, banner, inline slot or inbox card (modal and tooltip are in
 * widget-extra.js, see popup.tsx). `message.shown` is sent once it is really in view.
 */
export function MessageView({ m, ui }: { m: Message; ui: UiContext }) {
  const { ctrl, preview } = ui;
  const ref = useRef<HTMLElement>(null);
  const titleId = `a-${m.decisionId}`;
  useSeen(ref, () => ctrl.seen(m));
  // The position (one the format honours: the server drops others) moves a callout to another corner
  // on screens wider than a phone, or a banner to the bottom (styles.ts).
  const cls = `${CLASS[m.format] ?? 'c'} ${m.position ?? ''}`;
  // A labelled <section> is a region landmark; inbox cards are articles.
  const Tag = m.format === 'inbox' ? 'article' : 'section';
  return (
    <Tag
      ref={ref}
      class={preview ? cls.replace(' fx', '') : cls}
      style={themeVars(m.theme)}
      aria-labelledby={titleId}
      aria-live={m.format === 'callout' ? 'polite' : undefined}
    >
      <Content m={m} titleId={titleId} ui={ui} />
    </Tag>
  );
}
