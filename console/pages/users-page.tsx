import { useEffect, useState } from 'preact/hooks';
import type {
  ConsoleRole,
  ConsoleUserListItem,
  SignInPolicyPatch,
  SignInPolicyView,
} from '../../shared/console.ts';
import { TableWrap } from '../components/table-wrap.tsx';
import { api, errorMessage } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { useSession } from '../lib/session.ts';
import { useResource } from '../lib/use-resource.ts';
import { SsoCard } from './sso-card.tsx';

const ROLES: ConsoleRole[] = ['owner', 'editor', 'viewer'];

export function UsersPage() {
  const { session } = useSession();
  const users = useResource<{ data: ConsoleUserListItem[] }>('/v1/admin/console-users');
  const policy = useResource<SignInPolicyView>('/v1/admin/console-users/sign-in-policy');
  const isOwner = session.user.role === 'owner';
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'editor' as ConsoleRole });
  const [message, setMessage] = useState('');
  const [resetFor, setResetFor] = useState<ConsoleUserListItem>();
  /** Runs a change and says how it went; true when it was made. */
  const run = async <T,>(work: () => Promise<T>, done: string | ((result: T) => string)) => {
    setMessage('');
    try {
      const result = await work();
      setMessage(typeof done === 'string' ? done : done(result));
      users.reload();
      policy.reload();
      return true;
    } catch (err) {
      setMessage(errorMessage(err));
      return false;
    }
  };
  // A laptop lost or left signed in: every session of theirs ends, their password stays.
  const signOutEverywhere = (u: ConsoleUserListItem) =>
    window.confirm(`Sign ${u.email} out everywhere? Their password and two-step sign-in stay.`) &&
    run(
      () => api<{ signedOut: number }>('DELETE', `/v1/admin/console-users/${u.id}/sessions`),
      ({ signedOut }) => `${u.email} signed out of ${signedOut} session${signedOut === 1 ? '' : 's'}.`,
    );
  // For a colleague who lost their authenticator app and recovery codes; one's own goes by password.
  const turnOffTwoStep = (u: ConsoleUserListItem) =>
    window.confirm(`Turn off two-step sign-in for ${u.email}? Their password alone will sign them in.`) &&
    run(
      () => api('DELETE', `/v1/admin/console-users/${u.id}/two-step`),
      `Two-step sign-in turned off for ${u.email}.`,
    );
  return (
    <section>
      <h1>Console users</h1>
      {!isOwner && <p class="muted">Only owners can add users or change roles.</p>}
      <TableWrap label="Console users">
        <table>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Added</th>
              <th scope="col">Last signed in</th>
              <th scope="col">Two-step</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(users.data?.data ?? []).map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.email}</th>
                <td>{u.name}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={!isOwner}
                    onChange={(e) =>
                      run(
                        () =>
                          api('PATCH', `/v1/admin/console-users/${u.id}`, { role: e.currentTarget.value }),
                        'Role changed.',
                      )
                    }
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{dateTime(u.createdAt)}</td>
                <td>{u.lastSignedInAt ? dateTime(u.lastSignedInAt) : 'Never'}</td>
                <td>{u.twoStep ? 'On' : 'Off'}</td>
                <td>
                  {isOwner && u.id !== session.user.id && (
                    <>
                      <button type="button" class="link" onClick={() => setResetFor(u)}>
                        Set password<span class="sr-only"> of {u.email}</span>
                      </button>{' '}
                    </>
                  )}
                  {isOwner && u.id !== session.user.id && (
                    <>
                      <button type="button" class="link" onClick={() => signOutEverywhere(u)}>
                        Sign out everywhere<span class="sr-only"> {u.email}</span>
                      </button>{' '}
                    </>
                  )}
                  {isOwner && u.id !== session.user.id && u.twoStep && (
                    <>
                      <button type="button" class="link" onClick={() => turnOffTwoStep(u)}>
                        Turn off two-step<span class="sr-only"> for {u.email}</span>
                      </button>{' '}
                    </>
                  )}
                  <button
                    type="button"
                    class="link danger"
                    disabled={!isOwner || u.id === session.user.id}
                    onClick={() =>
                      window.confirm(`Remove ${u.email}?`) &&
                      run(() => api('DELETE', `/v1/admin/console-users/${u.id}`), 'User removed.')
                    }
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {policy.data && (
        <SignInPolicyCard
          policy={policy.data}
          isOwner={isOwner}
          ownTwoStep={session.user.twoStep}
          change={(patch, done) =>
            run(() => api('PATCH', '/v1/admin/console-users/sign-in-policy', patch), done)
          }
        />
      )}
      <SsoCard isOwner={isOwner} />
      {resetFor && (
        <PasswordResetForm
          user={resetFor}
          onDone={(work) => {
            setResetFor(undefined);
            if (work)
              run(
                work,
                `Password of ${resetFor.email} set: pass it on privately. Their sessions were signed out.`,
              );
          }}
        />
      )}
      {isOwner && (
        <form
          class="card"
          aria-label="Add a console user"
          onSubmit={(e) => {
            e.preventDefault();
            run(
              () => api('POST', '/v1/admin/console-users', form),
              `Added ${form.email}; pass the initial password on privately.`,
            );
          }}
        >
          <h2>Add a user</h2>
          <div class="grid">
            <div class="field">
              <label for="nu-email">Email</label>
              <input
                id="nu-email"
                type="email"
                required
                value={form.email}
                onInput={(e) => setForm({ ...form, email: e.currentTarget.value })}
              />
            </div>
            <div class="field">
              <label for="nu-name">Name</label>
              <input
                id="nu-name"
                value={form.name}
                onInput={(e) => setForm({ ...form, name: e.currentTarget.value })}
              />
            </div>
            <div class="field">
              <label for="nu-password">Initial password</label>
              <input
                id="nu-password"
                type="password"
                autocomplete="new-password"
                minLength={10}
                required
                value={form.password}
                onInput={(e) => setForm({ ...form, password: e.currentTarget.value })}
              />
            </div>
            <div class="field">
              <label for="nu-role">Role</label>
              <select
                id="nu-role"
                value={form.role}
                onChange={(e) => setForm({ ...form, role: e.currentTarget.value as ConsoleRole })}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <button type="submit" class="primary">
            Add user
          </button>
        </form>
      )}
      <output aria-live="polite">{message}</output>
    </section>
  );
}

/**
 * The sign-in policy: whether every console user must have two-step sign-in, and who has yet to set
 * it up (they can do nothing else in the console until they have; requiring it asks first, naming
 * them), and after how long unused a session ends.
 */
function SignInPolicyCard(props: {
  policy: SignInPolicyView;
  isOwner: boolean;
  ownTwoStep: boolean;
  change: (patch: SignInPolicyPatch, done: string) => Promise<boolean>;
}) {
  const { policy, isOwner, ownTwoStep } = props;
  // The box shows the click at once, while the change is made and the policy read again.
  const [pending, setPending] = useState<boolean>();
  useEffect(() => setPending(undefined), [policy]);
  const waiting = policy.usersWithoutTwoStep.map((u) => u.email);
  const toggle = async (box: HTMLInputElement) => {
    const required = box.checked;
    const ask = `Require two-step sign-in of everyone? ${waiting.length ? `${waiting.join(', ')} will have to set it up before they can use the console again.` : 'Everyone has it on.'}`;
    if (required && !window.confirm(ask)) {
      box.checked = false;
      return;
    }
    setPending(required);
    const done = required
      ? 'Two-step sign-in is now required of everyone.'
      : 'Two-step sign-in is no longer required.';
    if (!(await props.change({ twoStepRequired: required }, done))) setPending(undefined);
  };
  return (
    <section class="card" aria-labelledby="policy-title">
      <h2 id="policy-title">Sign-in policy</h2>
      <label class="check-inline">
        <input
          type="checkbox"
          checked={pending ?? policy.twoStepRequired}
          disabled={!isOwner || pending !== undefined || (!policy.twoStepRequired && !ownTwoStep)}
          aria-describedby="policy-help"
          onChange={(e) => toggle(e.currentTarget)}
        />{' '}
        Require two-step sign-in of every console user
      </label>
      <p id="policy-help" class="muted small">
        {isOwner && !ownTwoStep && !policy.twoStepRequired
          ? 'Turn on two-step sign-in for yourself first, under Your account.'
          : waiting.length === 0
            ? 'Everyone has two-step sign-in on.'
            : `Without two-step sign-in: ${waiting.join(', ')}.${policy.twoStepRequired ? ' They can only set it up until they have.' : ''}`}
      </p>
      <IdleLimit policy={policy} isOwner={isOwner} change={props.change} />
    </section>
  );
}

/** Minutes of inactivity a session may sit through, as offered; null: only its 12 hours. */
const IDLE_CHOICES: ReadonlyArray<number | null> = [null, 15, 30, 60, 4 * 60, 8 * 60];

/** "30 minutes", "1 hour", "1.5 hours". */
const span = (minutes: number) =>
  minutes < 60 ? `${minutes} minutes` : `${minutes / 60} hour${minutes === 60 ? '' : 's'}`;

const idleLabel = (minutes: number | null) =>
  minutes === null ? 'Never (12 hours after sign-in)' : `After ${span(minutes)}`;

/** How long a console session may go unused before it ends, for everyone. */
function IdleLimit(props: {
  policy: SignInPolicyView;
  isOwner: boolean;
  change: (patch: SignInPolicyPatch, done: string) => Promise<boolean>;
}) {
  const { idleMinutes } = props.policy;
  // A limit set through the API that the list does not offer is shown as it is.
  const choices = IDLE_CHOICES.includes(idleMinutes) ? IDLE_CHOICES : [...IDLE_CHOICES, idleMinutes];
  return (
    <div class="field">
      <label for="idle-minutes">Sign out after inactivity</label>
      <select
        id="idle-minutes"
        value={String(idleMinutes)}
        disabled={!props.isOwner}
        onChange={async (e) => {
          const select = e.currentTarget;
          const minutes = select.value === 'null' ? null : Number(select.value);
          const done =
            minutes === null
              ? 'Sessions now end only 12 hours after sign-in.'
              : `Sessions unused for ${span(minutes)} now end.`;
          // Refused: the list shows the limit that holds, not the one asked for.
          if (!(await props.change({ idleMinutes: minutes }, done))) select.value = String(idleMinutes);
        }}
      >
        {choices.map((minutes) => (
          <option key={String(minutes)} value={String(minutes)}>
            {idleLabel(minutes)}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * An owner sets the password of a colleague who forgot theirs (Attach sends no email). `onDone`
 * gets the request to run, or nothing when cancelled.
 */
function PasswordResetForm(props: {
  user: ConsoleUserListItem;
  onDone: (work?: () => Promise<unknown>) => void;
}) {
  const [password, setPassword] = useState('');
  const { user, onDone } = props;
  return (
    <form
      class="card"
      aria-labelledby="reset-title"
      onSubmit={(e) => {
        e.preventDefault();
        onDone(() => api('PUT', `/v1/admin/console-users/${user.id}/password`, { password }));
      }}
    >
      <h2 id="reset-title">Set a password for {user.email}</h2>
      <p class="muted small">
        Their sessions are signed out. Pass the password on privately; they can change it under Your account.
      </p>
      <div class="field">
        <label for="reset-password">New password</label>
        <input
          id="reset-password"
          type="password"
          autocomplete="new-password"
          minLength={10}
          maxLength={200}
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </div>
      <button type="submit" class="primary">
        Set password
      </button>{' '}
      <button type="button" onClick={() => onDone()}>
        Cancel
      </button>
    </form>
  );
}
