import type { InputHTMLAttributes } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TwoStepEnabled, TwoStepSetup } from '../../shared/console.ts';
import { CopyButton } from '../components/copy-button.tsx';
import { QrCode } from '../components/qr-code.tsx';
import { ApiFailure, api, errorMessage } from '../lib/api.ts';
import { useSession } from '../lib/session.ts';

/**
 * The signed-in user's two-step sign-in: on, sign-in asks for a code from an authenticator app
 * after the password. Whether it is on is kept here as it changes, and the session read again so
 * the rest of the console (and this section, next time) sees it.
 */
export function TwoStepSection() {
  const { session, refresh } = useSession();
  const [on, setOn] = useState(session.user.twoStep);
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>();
  const [said, setSaid] = useState('');
  const section = useRef<HTMLElement>(null);
  const turnedOff = () => {
    setOn(false);
    refresh();
    setRecoveryCodes(undefined);
    setSaid('Two-step sign-in is off.');
    // The form and its button are gone: focus stays in the section, where the news is.
    section.current?.focus();
  };
  const turnedOn = (codes: string[]) => {
    setOn(true);
    refresh();
    setRecoveryCodes(codes);
    setSaid('');
  };
  return (
    <section class="card" ref={section} tabIndex={-1} aria-labelledby="two-step-title">
      <h2 id="two-step-title">Two-step sign-in</h2>
      {recoveryCodes && <RecoveryCodes codes={recoveryCodes} />}
      {!on ? (
        <TurnOn onOn={turnedOn} />
      ) : session.workspace.twoStepRequired ? (
        <p class="muted small">
          On, and required by your workspace: after your password, sign-in asks for the code your
          authenticator app shows, or one of your recovery codes. Lost your app? An owner can turn it off for
          you.
        </p>
      ) : (
        <TurnOff onOff={turnedOff} />
      )}
      <output aria-live="polite">{said}</output>
    </section>
  );
}

function TurnOn({ onOn }: { onOn: (recoveryCodes: string[]) => void }) {
  const [setup, setSetup] = useState<TwoStepSetup>();
  // The password again: a session left open on a shared machine must not tie the account to an app.
  const start = async (password: string) => {
    setSetup(await api<TwoStepSetup>('POST', '/v1/admin/session/two-step', { password }));
  };
  if (setup) return <SetUpApp setup={setup} onOn={onOn} />;
  return (
    <>
      <p class="muted small">
        Off: your password alone signs you in. Turned on, sign-in also asks for the 6-digit code an
        authenticator app on your phone shows (1Password, Google Authenticator, Authy…), so a leaked password
        is not enough.
      </p>
      <PasswordForm id="two-step-start-password" submitLabel="Turn on two-step sign-in" send={start} />
    </>
  );
}

/** "JBSW Y3DP EHPK …": typed by hand from a screen, a long key is easier to follow in blocks. */
const inBlocks = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

/**
 * The new secret, for the app, then the first code the app shows: proof that it holds the secret
 * before sign-in depends on it. Until then nothing changes at sign-in.
 */
function SetUpApp({ setup, onOn }: { setup: TwoStepSetup; onOn: (recoveryCodes: string[]) => void }) {
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), []);
  const confirm = async (code: string) => {
    // Apps show the code as "123 456"; the API takes the six digits alone.
    const body = { code: code.replace(/\s+/g, '') };
    const { recoveryCodes } = await api<TwoStepEnabled>('POST', '/v1/admin/session/two-step/confirm', body);
    onOn(recoveryCodes);
  };
  return (
    <section ref={panel} tabIndex={-1} aria-labelledby="two-step-setup-title">
      <h3 id="two-step-setup-title">Add Attach to your authenticator app</h3>
      <p>
        Scan this code with the app, or add an account in it and type in the key below. Sign-in does not
        change until you enter the code the app then shows.
      </p>
      <QrCode value={setup.uri} label="QR code of the key, for your authenticator app to scan" />
      <dl class="secrets">
        <div>
          <dt>Key</dt>
          <dd>
            <code>{inBlocks(setup.secret)}</code> <CopyButton label="key" value={setup.secret} />
          </dd>
        </div>
        <div>
          <dt>Address</dt>
          <dd>
            <code>{setup.uri}</code> <CopyButton label="address" value={setup.uri} />
          </dd>
        </div>
      </dl>
      <FieldForm
        id="two-step-code"
        field="code"
        label="Code from your app"
        submitLabel="Confirm code"
        input={{ autocomplete: 'one-time-code', inputMode: 'numeric', maxLength: 7 }}
        send={confirm}
      />
    </section>
  );
}

/** Shown the once the API gives them (it keeps only their hashes): brought into view and focus. */
function RecoveryCodes({ codes }: { codes: string[] }) {
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), []);
  return (
    <section class="callout-card" ref={panel} tabIndex={-1} aria-labelledby="recovery-codes-title">
      <h3 id="recovery-codes-title">Your recovery codes</h3>
      <p>
        Two-step sign-in is on. Store these codes somewhere safe, such as a password manager: without your
        app, each one signs you in once in place of a code. They will not be shown again.
      </p>
      <ul class="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <CopyButton label="recovery codes" value={codes.join('\n')} />
    </section>
  );
}

function TurnOff({ onOff }: { onOff: () => void }) {
  const off = async (password: string) => {
    await api('DELETE', '/v1/admin/session/two-step', { password });
    onOff();
  };
  return (
    <>
      <p class="muted small">
        On: after your password, sign-in asks for the code your authenticator app shows, or one of your
        recovery codes. Your password turns it off; ten wrong ones lock sign-in for this email for 15 minutes.
      </p>
      <PasswordForm id="two-step-password" submitLabel="Turn off two-step sign-in" send={off} />
    </>
  );
}

/** The password again, before sign-in changes either way. */
function PasswordForm(props: { id: string; submitLabel: string; send: (password: string) => Promise<void> }) {
  return (
    <FieldForm
      {...props}
      field="password"
      label="Password"
      input={{ type: 'password', autocomplete: 'current-password', maxLength: 200 }}
    />
  );
}

/**
 * One field and its button. The API's complaint about that field (a wrong code, a wrong password)
 * shows under it; anything else, below the button.
 */
function FieldForm(props: {
  id: string;
  field: 'code' | 'password';
  label: string;
  submitLabel: string;
  input: InputHTMLAttributes;
  send: (value: string) => Promise<void>;
}) {
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setFieldError('');
    setError('');
    try {
      await props.send(value);
    } catch (err) {
      const issue = err instanceof ApiFailure ? err.issues.find((i) => i.path[0] === props.field) : undefined;
      if (issue) setFieldError(issue.message);
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label={props.submitLabel}>
      <div class="field">
        <label for={props.id}>{props.label}</label>
        <input
          {...props.input}
          id={props.id}
          required
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? `${props.id}-error` : undefined}
        />
        {fieldError && (
          <span id={`${props.id}-error`} class="field-error">
            {fieldError}
          </span>
        )}
      </div>
      <button type="submit" class="primary" disabled={busy}>
        {props.submitLabel}
      </button>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
