import { useState } from 'preact/hooks';
import type { ConsoleSession } from '../../shared/console.ts';
import { ApiFailure, api, errorMessage } from '../lib/api.ts';

export function SignInPage({ onSignedIn }: { onSignedIn: (s: ConsoleSession) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspaceId, setWorkspaceId] = useState('');
  const [choices, setChoices] = useState<string[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const body = { email, password, ...(workspaceId ? { workspaceId } : {}) };
      onSignedIn(await api<ConsoleSession>('POST', '/v1/admin/session', body));
    } catch (err) {
      const ids =
        err instanceof ApiFailure
          ? (err.details as { workspaceIds?: string[] } | undefined)?.workspaceIds
          : undefined;
      if (ids) {
        setChoices(ids);
        setWorkspaceId(ids[0] ?? '');
      }
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>Sign in to Attach</h1>
      <p class="muted">The console for product managers: campaigns, catalogue, analytics.</p>
      <form onSubmit={submit} aria-label="Sign in">
        <div class="field">
          <label for="email">Email</label>
          <input
            id="email"
            type="email"
            autocomplete="username"
            required
            value={email}
            onInput={(e) => setEmail(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </div>
        {choices.length > 0 && (
          <div class="field">
            <label for="workspace">Workspace</label>
            <select
              id="workspace"
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
        {error && (
          <p class="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        New here? <a href="/demo/">See Attach working in the demo product</a>.
      </p>
    </main>
  );
}
