import type { Message, RequestNotice } from '../shared/decide.ts';
import type { Trial } from '../shared/money.ts';
import type { PricedOffer } from '../shared/offer.ts';
import type { RenderTheme } from '../shared/workspace.ts';
import type { createMoney } from './core/money.ts';
import type { Result } from './core/result.ts';
import type { I18n, Strings } from './i18n.ts';

/** What a purchase, request or "talk to us" is about: from a message or from a running trial. */
export interface Intent {
  decisionId: string;
  campaignId?: string | undefined;
  productKey: string;
  name: string;
  offer?: PricedOffer | null | undefined;
}

export type DialogState = { kind: 'buy' | 'ask' | 'contact'; intent: Intent };

/** Everything the UI renders; the controller replaces it on every change. */
export interface View {
  messages: Message[];
  trials: Trial[];
  /** Open requests from members, for a buyer to see (not yet dismissed on this browser). */
  requests?: RequestNotice[] | undefined;
  dialog?: DialogState | undefined;
  theme?: RenderTheme | undefined;
  /** The host's forced light or dark scheme; undefined follows the OS. */
  scheme?: 'light' | 'dark' | undefined;
  panelOpen: boolean;
  i18n: I18n;
}

/** What components may ask of the controller; the preview supplies a network-free version. */
export interface Ctrl {
  seen(m: Message): void;
  act(m: Message, action: Message['actions'][number]): Promise<Result<unknown>>;
  dismiss(m: Message, snooze?: boolean): void;
  purchase(intent: Intent, billing: 'interval' | 'annual'): Promise<Result<unknown>>;
  request(intent: Intent, kind: 'ask' | 'contact'): Promise<Result<unknown>>;
  open(dialog: DialogState | undefined): void;
  togglePanel(open: boolean): void;
  /** Hides the team-requests notice until a new request arrives. */
  seenRequests(ids: string[]): void;
}

export const intentOf = (m: Message): Intent => ({
  decisionId: m.decisionId,
  campaignId: m.campaignId,
  productKey: m.offer?.key ?? m.target.key,
  name: m.offer?.name ?? m.target.name,
  offer: m.offer,
});

/** What widget.js gets from widget-extra.js (see extra.tsx). */
export interface ExtraModule {
  paintExtra(el: Element, view: View, ctrl: Ctrl): void;
  locales: Record<string, Partial<Strings>>;
  createMoney: typeof createMoney;
}
