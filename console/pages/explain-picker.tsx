import type { User } from '../../shared/host-data.ts';
import { AccountField } from '../components/account-field.tsx';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';

/** Account and user inputs with suggestions from the host data the workspace has sent. */
export function ExplainPicker(props: {
  account: string;
  user: string;
  onAccount: (v: string) => void;
  onUser: (v: string) => void;
}) {
  const typed = useDebounced(props.account.trim(), 250);
  const users = useResource<{ data: User[]; nextCursor: string | null }>(
    typed ? `/v1/admin/users?limit=200&account=${encodeURIComponent(typed)}` : null,
  );
  const listed = users.data?.data ?? [];
  // A list of every user to pick from; an account with more than a page of them gets a field that
  // takes any user id, suggesting the first ones, so none is out of reach.
  const whole = listed.length > 0 && users.data?.nextCursor === null;
  return (
    <>
      <AccountField
        id="explain-account"
        label="Account"
        required
        value={props.account}
        onInput={props.onAccount}
      />
      <div class="field">
        <label for="explain-user">User</label>
        {whole ? (
          <select id="explain-user" value={props.user} onChange={(e) => props.onUser(e.currentTarget.value)}>
            <option value="">Any user (account-level checks)</option>
            {props.user && !listed.some((u) => u.id === props.user) && (
              <option value={props.user}>{props.user}</option>
            )}
            {listed.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name ?? u.id} · {u.role}
              </option>
            ))}
          </select>
        ) : (
          <>
            <input
              id="explain-user"
              value={props.user}
              placeholder="optional"
              list={listed.length > 0 ? 'explain-users' : undefined}
              onInput={(e) => props.onUser(e.currentTarget.value)}
            />
            {listed.length > 0 && (
              <datalist id="explain-users">
                {listed.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name ?? u.id} · {u.role}
                  </option>
                ))}
              </datalist>
            )}
          </>
        )}
      </div>
    </>
  );
}
