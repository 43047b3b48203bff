import { useState } from 'preact/hooks';
import { ApiFailure, api, errorMessage } from '../lib/api.ts';
import { useSession } from '../lib/session.ts';
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

/** A laptop left signed in, a shared computer: ends every session of this user but this one. */
function OtherSessions() {
  const [said, setSaid] = useState('');
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    try {
      const { signedOut } = await api<{ signedOut: number }>('DELETE', '/v1/admin/session/others');
      setSaid(
        signedOut === 0
          ? 'You had no other session.'
          : `Signed out of ${signedOut} other session${signedOut === 1 ? '' : 's'}.`,
      );
    } catch (err) {
      setSaid(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Other sessions</h2>
      <p class="muted small">
        Signed in on another computer or browser you no longer use? End those sessions; this one stays.
      </p>
      <button type="button" disabled={busy} onClick={signOut}>
        Sign out everywhere else
      </button>{' '}
      <output aria-live="polite">{said}</output>
    </section>
  );
}

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
