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
  const users = useResource<{ data: User[] }>(
    typed ? `/v1/admin/users?limit=200&account=${encodeURIComponent(typed)}` : null,
  );
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
        {users.data && users.data.data.length > 0 ? (
          <select id="explain-user" value={props.user} onChange={(e) => props.onUser(e.currentTarget.value)}>
            <option value="">Any user (account-level checks)</option>
            {users.data.data.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name ?? u.id} · {u.role}
              </option>
            ))}
          </select>
        ) : (
          <input
            id="explain-user"
            value={props.user}
            placeholder="optional"
            onInput={(e) => props.onUser(e.currentTarget.value)}
          />
        )}
      </div>
    </>
  );
}
