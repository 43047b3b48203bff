import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConsoleSession } from '../../shared/console.ts';
import { ApiFailure, api, errorMessage } from '../lib/api.ts';
import { SsoSignIn, startSso, useSsoParams } from './sso-sign-in.tsx';

/**
 * Email, password, (for someone in several workspaces) the workspace and (for someone with two-step
 * sign-in on, once the API asks) the code. `idPrefix` keeps its ids apart from the page's when it is
 * shown over the console (the session-expired dialog). `initialError` is shown until the first try.
 */
export function SignInForm({
  onSignedIn,
  idPrefix = '',
  initialError = '',
}: {
  onSignedIn: (s: ConsoleSession) => void;
  idPrefix?: string;
  initialError?: string;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspaceId, setWorkspaceId] = useState('');
  const [choices, setChoices] = useState<string[]>([]);
  const [askCode, setAskCode] = useState(false);
  const [code, setCode] = useState('');
  const [error, setError] = useState(initialError);
  /** The workspace that refused the password because it signs in with single sign-on. */
  const [ssoWorkspace, setSsoWorkspace] = useState('');
  const [busy, setBusy] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (askCode) codeInput.current?.focus();
  }, [askCode]);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    setSsoWorkspace('');
    try {
      const body = {
        email,
        password,
        ...(workspaceId ? { workspaceId } : {}),
        ...(askCode ? { code } : {}),
      };
      onSignedIn(await api<ConsoleSession>('POST', '/v1/admin/session', body));
    } catch (err) {
      // Not a failure: the password was right, and the field now shown says what comes next.
      if (err instanceof ApiFailure && err.code === 'two_step_required') {
        setAskCode(true);
        return;
      }
      const ids =
        err instanceof ApiFailure
          ? (err.details as { workspaceIds?: string[] } | undefined)?.workspaceIds
          : undefined;
      if (ids) {
        setChoices(ids);
        setWorkspaceId(ids[0] ?? '');
      }
      if (err instanceof ApiFailure && err.code === 'sso_required') {
        setSsoWorkspace((err.details as { workspaceId?: string } | undefined)?.workspaceId ?? '');
      }
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const id = (name: string) => `${idPrefix}${name}`;
  return (
    <form onSubmit={submit} aria-label="Sign in">
      <div class="field">
        <label for={id('email')}>Email</label>
        <input
          id={id('email')}
          type="email"
          autocomplete="username"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </div>
      <div class="field">
        <label for={id('password')}>Password</label>
        <input
          id={id('password')}
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </div>
      {choices.length > 0 && (
        <div class="field">
          <label for={id('workspace')}>Workspace</label>
          <select
            id={id('workspace')}
            value={workspaceId}
            onChange={(e) => setWorkspaceId(e.currentTarget.value)}
          >
            {choices.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </div>
      )}
      {askCode && (
        <div class="field">
          <label for={id('code')}>Authentication code</label>
          <input
            ref={codeInput}
            id={id('code')}
            autocomplete="one-time-code"
            required
            maxLength={40}
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
            aria-describedby={id('code-hint')}
          />
          <small id={id('code-hint')} class="hint">
            The 6-digit code from your authenticator app, or one of your recovery codes.
          </small>
        </div>
      )}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      {ssoWorkspace && (
        <p>
          <button type="button" class="primary" onClick={() => startSso(ssoWorkspace)}>
            Continue with SSO
          </button>
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

export function SignInPage({ onSignedIn }: { onSignedIn: (s: ConsoleSession) => void }) {
  const sso = useSsoParams();
  return (
    <main id="main" class="sign-in">
      <h1>Sign in to Attach</h1>
      <p class="muted">The console for product managers: campaigns, catalogue, analytics.</p>
      <SignInForm onSignedIn={onSignedIn} initialError={sso.error} />
      <SsoSignIn linked={sso.workspaceId} />
      <p>
        New here? <a href="/demo/">See Attach working in the demo product</a>.
      </p>
    </main>
  );
}

/**
 * Shown over the console when a request finds the session gone (it expired, or was signed out
 * elsewhere): signing in again here keeps the page and whatever was typed into it, where swapping
 * the whole console for the sign-in page threw unsaved edits away.
 */
export function SessionExpiredDialog({ onSignedIn }: { onSignedIn: (s: ConsoleSession) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('input')?.focus();
  }, []);
  return (
    <div class="modal-backdrop">
      <div ref={ref} class="modal card" role="dialog" aria-modal="true" aria-labelledby="expired-title">
        <h2 id="expired-title">Your session has ended</h2>
        <p>Sign in again to carry on. This page stays as it is, unsaved changes included.</p>
        <SignInForm onSignedIn={onSignedIn} idPrefix="expired-" />
      </div>
    </div>
  );
}
