import type { Account } from '../../shared/host-data.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';

/**
 * An account id input that suggests accounts whose id starts with, or whose name contains, what has
 * been typed (the server searches them all). `value` is what was typed; the caller debounces its use.
 */
export function AccountField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (v: string) => void;
  required?: boolean;
  placeholder?: string;
}) {
  const typed = useDebounced(props.value.trim(), 250);
  const accounts = useResource<{ data: Account[] }>(
    `/v1/admin/accounts?limit=20${typed ? `&q=${encodeURIComponent(typed)}` : ''}`,
  );
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        list={`${props.id}-list`}
        required={props.required}
        placeholder={props.placeholder}
        autocomplete="off"
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <datalist id={`${props.id}-list`}>
        {(accounts.data?.data ?? []).map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} · {a.segment ?? 'no segment'}
          </option>
        ))}
      </datalist>
    </div>
  );
}
