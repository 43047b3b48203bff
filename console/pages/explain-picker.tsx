import type { Account, User } from '../../shared/host-data.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';

/**
 * Account and user inputs with suggestions from the host data the workspace has sent: accounts whose
 * id starts with, or whose name contains, what has been typed (the server searches them all).
 */
export function ExplainPicker(props: {
  account: string;
  user: string;
  onAccount: (v: string) => void;
  onUser: (v: string) => void;
}) {
  const typed = useDebounced(props.account.trim(), 250);
  const accounts = useResource<{ data: Account[] }>(
    `/v1/admin/accounts?limit=20${typed ? `&q=${encodeURIComponent(typed)}` : ''}`,
  );
  const users = useResource<{ data: User[] }>(
    typed ? `/v1/admin/users?limit=200&accountId=${encodeURIComponent(typed)}` : null,
  );
  return (
    <>
      <div class="field">
        <label for="explain-account">Account</label>
        <input
          id="explain-account"
          list="explain-accounts"
          required
          autocomplete="off"
          value={props.account}
          onInput={(e) => props.onAccount(e.currentTarget.value)}
        />
        <datalist id="explain-accounts">
          {(accounts.data?.data ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} · {a.segment ?? 'no segment'}
            </option>
          ))}
        </datalist>
      </div>
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
