import { render } from 'preact';
import { createMoney } from './core/money.ts';
import { ar, de, enExtra } from './locales.ts';
import type { Ctrl, View } from './types.ts';
import { Layer, popupOf } from './ui/app.tsx';
import { Ui } from './ui/context.ts';
import { EXTRA_CSS } from './ui/extra-styles.ts';
import { PopupView } from './ui/popup.tsx';
import { PurchaseDialog } from './ui/purchase.tsx';
import { RequestDialog } from './ui/request.tsx';
import { adoptStyles } from './ui/styles.ts';
import { TeamRequests } from './ui/team-requests.tsx';
import { TrialPanel } from './ui/trial-panel.tsx';

/**
 * widget-extra.js: the parts most page views never need — modal and tooltip formats, trial start,
 * purchase confirmation, "ask your admin" / "talk to us", the trial checklist and the non-English
 * strings. widget.js imports it on demand
 * (such a message or dialog is due, a trial is running, or the user's locale is not English). It carries its own
 * Preact and renders into its own element of the same shadow root, so nothing is shared but props.
 */
export const locales = { en: enExtra, de, ar };
export { createMoney };

const styled = new WeakSet<Node>();

export function paintExtra(el: Element, view: View, ctrl: Ctrl): void {
  const root = el.getRootNode();
  if (root instanceof ShadowRoot && !styled.has(root)) {
    styled.add(root);
    adoptStyles(root, EXTRA_CSS);
  }
  const trial = view.trials[0];
  const d = view.dialog;
  const popup = popupOf(view);
  render(
    <Ui.Provider value={{ ctrl, i18n: view.i18n }}>
      <Layer view={view}>
        {popup && popup.format !== 'callout' && <PopupView key={popup.decisionId} m={popup} />}
        {!popup && !d && view.requests?.length ? <TeamRequests requests={view.requests} /> : null}
        {trial && <TrialPanel trial={trial} open={view.panelOpen} messages={view.messages} />}
        {d &&
          (d.kind === 'buy' ? (
            <PurchaseDialog intent={d.intent} />
          ) : (
            <RequestDialog intent={d.intent} kind={d.kind} />
          ))}
      </Layer>
    </Ui.Provider>,
    el,
  );
}
