import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConsoleSession } from '../shared/console.ts';
import { Shell } from './components/shell.tsx';
import { api, setCsrfToken, setTwoStepSetupHandler, setUnauthorizedHandler } from './lib/api.ts';
import { lazyPage } from './lib/lazy-page.tsx';
import { RouteContext, routeParams, useRoute } from './lib/router.ts';
import { SessionContext } from './lib/session.ts';
import { AccountPage } from './pages/account-page.tsx';
import { AccountsPage } from './pages/accounts-page.tsx';
import { ApiKeysPage } from './pages/api-keys-page.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { CampaignFileImportPage } from './pages/campaigns/import.tsx';
import { CampaignListPage } from './pages/campaigns/list-page.tsx';
import { CampaignTemplatesPage } from './pages/campaigns/templates-page.tsx';
import { CatalogPage } from './pages/catalog-page.tsx';
import { ExplainPage } from './pages/explain-page.tsx';
import { HomePage } from './pages/home-page.tsx';
import { PipelinePage } from './pages/pipeline-page.tsx';
import { SettingsPage } from './pages/settings-page.tsx';
import { SessionExpiredDialog, SignInPage } from './pages/sign-in-page.tsx';
import { TwoStepRequiredPage } from './pages/two-step-required-page.tsx';
import { UsersPage } from './pages/users-page.tsx';
import { WebhooksPage } from './pages/webhooks-page.tsx';

// The two heaviest pages (uPlot charts; the editor with the widget preview) load on first visit.
const AnalyticsPage = lazyPage(() =>
  import('./pages/analytics/analytics-page.tsx').then((m) => m.AnalyticsPage),
);
const CampaignEditorPage = lazyPage(() =>
  import('./pages/campaigns/editor-page.tsx').then((m) => m.CampaignEditorPage),
);

/**
 * The workspace requires two-step sign-in and this user has none, so the console is only its setup
 * page; not for a single sign-on session, whose identity provider did the second factor.
 */
const heldForTwoStep = (s: ConsoleSession) => s.workspace.twoStepRequired && !s.user.twoStep && !s.viaSso;

function Page({ route }: { route: string }) {
  const { path } = routeParams(route);
  const [first, second] = path;
  switch (first) {
    case undefined:
      return <HomePage />;
    case 'campaigns':
      if (second === 'templates') return <CampaignTemplatesPage />;
      if (second === 'import') return <CampaignFileImportPage />;
      return second ? (
        <CampaignEditorPage id={second === 'new' ? undefined : second} />
      ) : (
        <CampaignListPage />
      );
    case 'catalog':
      return <CatalogPage />;
    case 'accounts':
      return <AccountsPage />;
    case 'explain':
      return <ExplainPage />;
    case 'analytics':
      return <AnalyticsPage />;
    case 'pipeline':
      return <PipelinePage />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'api-keys':
      return <ApiKeysPage />;
    case 'settings':
      return <SettingsPage />;
    case 'audit':
      return <AuditPage />;
    case 'users':
      return <UsersPage />;
    case 'account':
      return <AccountPage />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>No console page at this address.</p>
        </section>
      );
  }
}

export function App() {
  const route = useRoute();
  const [session, setSession] = useState<ConsoleSession | null | undefined>(undefined);
  /** The session ended under an open console: it stays, inert, under the sign-in dialog. */
  const [expired, setExpired] = useState(false);
  /**
   * On the two-step setup page: set whenever a session arrives that its workspace holds there, and
   * kept after two-step sign-in is on, until the user has read their recovery codes and goes on.
   */
  const [settingUp, setSettingUp] = useState(false);
  const current = useRef(session);
  current.current = session;
  const adopt = (s: ConsoleSession) => {
    if (heldForTwoStep(s)) setSettingUp(true);
    setSession(s);
  };
  const refresh = () => {
    api<ConsoleSession>('GET', '/v1/admin/session').then(adopt, () => {});
  };
  useEffect(() => {
    setUnauthorizedHandler(() => (current.current ? setExpired(true) : setSession(null)));
    setTwoStepSetupHandler(refresh);
    api<ConsoleSession>('GET', '/v1/admin/session').then(
      (s) => {
        setCsrfToken(s.csrfToken);
        adopt(s);
      },
      () => setSession(null),
    );
  }, []);
  if (session === undefined) return <p class="loading">Loading…</p>;
  if (session === null) {
    return (
      <SignInPage
        onSignedIn={(s) => {
          setCsrfToken(s.csrfToken);
          // Whoever signs in now starts from their own state, not a setup page left on before.
          setSettingUp(false);
          adopt(s);
        }}
      />
    );
  }
  const renewed = (s: ConsoleSession) => {
    // Someone else, or another workspace: what the page holds is not theirs to keep.
    if (s.user.id !== session.user.id || s.workspace.id !== session.workspace.id) {
      window.location.reload();
      return;
    }
    setCsrfToken(s.csrfToken);
    adopt(s);
    setExpired(false);
  };
  const signOut = () => {
    api('DELETE', '/v1/admin/session').finally(() => {
      setCsrfToken('');
      setSession(null);
    });
  };
  return (
    <SessionContext.Provider value={{ session, signOut, refresh }}>
      <RouteContext.Provider value={route}>
        {settingUp || heldForTwoStep(session) ? (
          <TwoStepRequiredPage inert={expired} onDone={() => setSettingUp(false)} />
        ) : (
          <Shell route={route} inert={expired}>
            <Page route={route} />
          </Shell>
        )}
        {expired && <SessionExpiredDialog onSignedIn={renewed} />}
      </RouteContext.Provider>
    </SessionContext.Provider>
  );
}
