import { useEffect, useRef } from 'preact/hooks';
import type { Account } from '../../shared/host-data.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useResource } from '../lib/use-resource.ts';

/**
 * An account id input that suggests accounts whose id starts with, or whose name contains, what has
 * been typed (the server searches them all). `value` is what was typed; the caller debounces its use.
 * A name typed in full (any case) becomes that account's id, as picking the suggestion would, and the
 * field names the account its id belongs to.
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
  const list = accounts.data?.data ?? [];
  const value = props.value.trim();
  const chosen = list.find((a) => a.id === value);
  // Only once the search caught up with the field: a stale list must not overwrite newer typing.
  const named =
    chosen || value !== typed ? [] : list.filter((a) => a.name.toLowerCase() === value.toLowerCase());
  const only = named.length === 1 ? named[0]?.id : undefined;
  // While another name goes on from the typed one ("Acme" → "Acme Corp") the user may still be
  // typing it: that waits for the field to be left.
  const lower = value.toLowerCase();
  const continues = list.some(
    (a) => a.name.toLowerCase() !== lower && a.name.toLowerCase().startsWith(lower),
  );
  const onInput = useRef(props.onInput);
  onInput.current = props.onInput;
  useEffect(() => {
    if (only && !continues) onInput.current(only);
  }, [only, continues]);
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
        onBlur={() => only && props.onInput(only)}
        aria-describedby={chosen || named.length > 1 ? `${props.id}-named` : undefined}
      />
      {chosen && (
        <span id={`${props.id}-named`} class="hint">
          {chosen.name} · {chosen.segment ?? 'no segment'}
        </span>
      )}
      {named.length > 1 && (
        <span id={`${props.id}-named`} class="hint">
          {named.length} accounts are named {named[0]?.name}: pick one from the suggestions
        </span>
      )}
      <datalist id={`${props.id}-list`}>
        {list.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} · {a.segment ?? 'no segment'}
          </option>
        ))}
      </datalist>
    </div>
  );
}
