import { Component } from 'preact';
import type { Message } from '../../shared/decide.ts';
import { dirOf } from '../i18n.ts';
import { themeVars } from '../theme.ts';
import { CloseButton } from './close-button.tsx';
import type { UiContext } from './context.ts';
import { closing } from './focus-return.ts';
import { Markdown, safeHref } from './markdown.tsx';
import { observeSeen } from './seen.ts';

interface ContentProps {
  m: Message;
  titleId: string;
  ui: UiContext;
}

/**
 * Title, body (safe markdown), image, ROI line and the message's actions. widget.js's components
 * are classes: Preact's hooks module would cost the size budget about a kilobyte.
 */
export class Content extends Component<ContentProps, { busy?: boolean; error?: boolean }> {
  render({ m, titleId, ui }: ContentProps, { busy, error }: { busy?: boolean; error?: boolean }) {
    const { ctrl, i18n } = ui;
    // Campaign copy labels the buyer's actions; "ask your admin" and "talk to us" replace them for
    // users who may not buy or sales-routed accounts, so those carry the widget's own words.
    const labels = [m.content.primaryLabel, m.content.secondaryLabel];
    const image =
      m.content.imageUrl && safeHref(m.content.imageUrl)?.startsWith('https:')
        ? m.content.imageUrl
        : undefined;
    const run = async (action: Message['actions'][number]) => {
      this.setState({ busy: true });
      const res = await ctrl.act(m, action);
      this.setState({ busy: false, error: !res.ok });
    };
    return (
      <>
        <CloseButton onClick={() => closing(() => ctrl.dismiss(m))} label={i18n.t('close')} />
        {/* The copy's own language, which may not be the UI's (English copy for an Arabic UI). */}
        <div class="b" lang={m.locale} dir={dirOf(m.locale)}>
          {m.preview && <p class="m">{i18n.t('preview')}</p>}
          <h2 id={titleId}>{m.content.title}</h2>
          {image && <img src={image} alt={m.content.imageAlt ?? ''} />}
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
          <button type="button" class="t" onClick={() => closing(() => ctrl.dismiss(m, true))}>
            {i18n.t('later')}
          </button>
        </div>
      </>
    );
  }
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
export class MessageView extends Component<{ m: Message; ui: UiContext }> {
  stop?: () => void;

  override componentDidMount() {
    const el = this.base as Element;
    this.stop = observeSeen(el, () => this.props.ui.ctrl.seen(this.props.m));
    // Escape dismisses the message the keyboard is in, as the × does.
    el.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Escape') closing(() => this.props.ui.ctrl.dismiss(this.props.m));
    });
  }

  override componentWillUnmount() {
    this.stop?.();
  }

  render({ m, ui }: { m: Message; ui: UiContext }) {
    const titleId = `a-${m.decisionId}`;
    // The position (one the format honours: the server drops others) moves a callout to another corner
    // on screens wider than a phone, or a banner to the bottom (styles.ts).
    const cls = `${CLASS[m.format] ?? 'c'} ${m.position ?? ''}`;
    // A labelled <section> is a region landmark; inbox cards are articles.
    const Tag = m.format === 'inbox' ? 'article' : 'section';
    return (
      <Tag
        class={ui.preview ? cls.replace(' fx', '') : cls}
        style={themeVars(m.theme)}
        aria-labelledby={titleId}
        aria-live={m.format === 'callout' ? 'polite' : undefined}
      >
        <Content m={m} titleId={titleId} ui={ui} />
      </Tag>
    );
  }
}
