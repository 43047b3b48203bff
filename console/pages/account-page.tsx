import { useState } from 'preact/hooks';
import type { OtherSession, OtherSessions as OtherSessionsList } from '../../shared/console.ts';
import { ApiFailure, api, errorMessage } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { useSession } from '../lib/session.ts';
import { useResource } from '../lib/use-resource.ts';
import { describeUserAgent } from '../lib/user-agent.ts';
import { TwoStepSection } from './two-step-section.tsx';

type Field = 'currentPassword' | 'newPassword' | 'confirm';

/** The signed-in user's own account: who they are here, their password and how they sign in. */
export function AccountPage() {
  const { session } = useSession();
  return (
    <section>
      <h1>Your account</h1>
      <p>
        {session.user.email} · {session.user.role} in {session.workspace.name}
      </p>
      <PasswordForm />
      <TwoStepSection />
      <OtherSessions />
    </section>
  );
}

/**
 * A laptop left signed in, a shared computer: the user's other sessions, each named by browser,
 * address and when it was used, to end one or every one but this.
 */
function OtherSessions() {
  const sessions = useResource<OtherSessionsList>('/v1/admin/session/others');
  const [said, setSaid] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<string>) => {
    setBusy(true);
    try {
      setSaid(await work());
      sessions.reload();
    } catch (err) {
      setSaid(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const signOutAll = () =>
    act(async () => {
      const { signedOut } = await api<{ signedOut: number }>('DELETE', '/v1/admin/session/others');
      return signedOut === 0
        ? 'You had no other session.'
        : `Signed out of ${signedOut} other session${signedOut === 1 ? '' : 's'}.`;
    });
  const signOutOne = (session: OtherSession) =>
    act(async () => {
      await api('DELETE', `/v1/admin/session/others/${session.id}`);
      return `Signed out of ${sessionName(session)}.`;
    });
  const list = sessions.data?.data ?? [];
  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Other sessions</h2>
      <p class="muted small">
        Signed in on another computer or browser you no longer use? End those sessions; this one stays.
      </p>
      {sessions.error && (
        <p class="field-error" role="alert">
          {sessions.error}
        </p>
      )}
      {sessions.data &&
        (list.length === 0 ? (
          <p>You are signed in here only.</p>
        ) : (
          <ul class="session-list" aria-label="Your other sessions">
            {list.map((session) => (
              <li key={session.id}>
                <strong title={session.userAgent ?? undefined}>{describeUserAgent(session.userAgent)}</strong>
                {session.address && ` · ${session.address}`}
                <span class="muted small">
                  {' '}
                  · signed in {session.viaSso ? 'with SSO ' : ''}
                  {dateTime(session.createdAt)} · last used {dateTime(session.lastSeenAt)}
                </span>{' '}
                <button type="button" class="link" disabled={busy} onClick={() => signOutOne(session)}>
                  Sign out<span class="sr-only"> {sessionName(session)}</span>
                </button>
              </li>
            ))}
          </ul>
        ))}
      <button type="button" disabled={busy} onClick={signOutAll}>
        Sign out everywhere else
      </button>{' '}
      <output aria-live="polite">{said}</output>
    </section>
  );
}

/** "Chrome on macOS, 198.51.100.7, signed in 7 Dec 2026, 09:12": one session among others alike. */
const sessionName = (session: OtherSession) =>
  [describeUserAgent(session.userAgent), session.address, `signed in ${dateTime(session.createdAt)}`]
    .filter(Boolean)
    .join(', ');

/**
 * Current password, the new one twice. The server checks the current one (a wrong one counts as a
 * failed sign-in) and the new one's length; the two copies are compared here, before asking.
 */
function PasswordForm() {
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: '',
    newPassword: '',
    confirm: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (field: Field) => (e: Event) => {
    setValues({ ...values, [field]: (e.currentTarget as HTMLInputElement).value });
    setDone(false);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    setDone(false);
    if (values.newPassword !== values.confirm) {
      setErrors({ confirm: 'The two new passwords differ' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const { currentPassword, newPassword } = values;
      await api('PUT', '/v1/admin/session/password', { currentPassword, newPassword });
      setValues({ currentPassword: '', newPassword: '', confirm: '' });
      setDone(true);
    } catch (err) {
      const fieldErrors: Partial<Record<Field, string>> = {};
      for (const issue of err instanceof ApiFailure ? err.issues : []) {
        const field = issue.path[0];
        if (field === 'currentPassword' || field === 'newPassword') fieldErrors[field] = issue.message;
      }
      setErrors(fieldErrors);
      if (Object.keys(fieldErrors).length === 0) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const input = (field: Field, label: string, autocomplete: string) => (
    <div class="field">
      <label for={`account-${field}`}>{label}</label>
      <input
        id={`account-${field}`}
        type="password"
        autocomplete={autocomplete}
        required
        minLength={field === 'currentPassword' ? 1 : 10}
        maxLength={200}
        value={values[field]}
        onInput={set(field)}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={errors[field] ? `account-${field}-error` : undefined}
      />
      {errors[field] && (
        <span id={`account-${field}-error`} class="field-error">
          {errors[field]}
        </span>
      )}
    </div>
  );
  return (
    <form class="card" aria-labelledby="password-title" onSubmit={submit}>
      <h2 id="password-title">Change your password</h2>
      <p class="muted small">
        At least 10 characters. Your other sessions are signed out; this one stays. Ten wrong current
        passwords lock sign-in for this email for 15 minutes.
      </p>
      {input('currentPassword', 'Current password', 'current-password')}
      {input('newPassword', 'New password', 'new-password')}
      {input('confirm', 'New password, again', 'new-password')}
      <button type="submit" class="primary" disabled={busy}>
        Change password
      </button>{' '}
      <output aria-live="polite">{done ? 'Password changed.' : ''}</output>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
