import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';
import { ApiFailure, api, errorMessage } from '../lib/api.ts';
import { FormContext, issuesToErrors, type Path, setIn } from '../lib/form.ts';

/** The part of a zod schema the form needs: checked in the browser before anything is sent. */
interface Schema<T> {
  safeParse: (
    v: unknown,
  ) =>
    | { success: true; data: T }
    | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
}

/**
 * A small form validated by the shared schema, then sent as JSON: `POST` creates (and the form
 * starts over), `PATCH` changes (and `onDone` closes it). Server-side issues land on their fields.
 * `onDone` gets the API's answer (`R`), for what only that answer holds (a new key's secret).
 */
export function SchemaForm<T, R = unknown>(props: {
  title: string;
  schema: Schema<T>;
  initial: Record<string, unknown>;
  method: 'POST' | 'PATCH';
  path: string;
  submitLabel: string;
  /** Last changes to the parsed value before it is sent (e.g. an emptied optional field → null). */
  prepare?: (value: T) => unknown;
  onDone: (answer: R) => void;
  /** Offered beside the submit button when set (closing an edit form unsaved). */
  onCancel?: () => void;
  children: ComponentChildren;
}) {
  const [value, setValue] = useState(props.initial);
  // Several of these forms share a page with the same fields: each gets ids of its own.
  const idPrefix = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const parsed = props.schema.safeParse(value);
    if (!parsed.success) {
      setErrors(issuesToErrors(parsed.error.issues));
      setMessage('Nothing was saved: fix the highlighted fields.');
      return;
    }
    try {
      const answer = await api<R>(
        props.method,
        props.path,
        props.prepare ? props.prepare(parsed.data) : parsed.data,
      );
      setErrors({});
      if (props.method === 'POST') setValue(props.initial);
      setMessage(props.method === 'POST' ? 'Created.' : 'Saved.');
      props.onDone(answer);
    } catch (err) {
      if (err instanceof ApiFailure) setErrors(issuesToErrors(err.issues));
      setMessage(`Nothing was saved: ${errorMessage(err)}`);
    }
  };
  const set = (path: Path, next: unknown) => setValue((v) => setIn(v, path, next));
  return (
    <FormContext.Provider value={{ value, set, errors, readOnly: false, idPrefix }}>
      <form class="card" onSubmit={submit} noValidate aria-label={props.title}>
        <h2>{props.title}</h2>
        <div class="grid">{props.children}</div>
        <button type="submit" class="primary">
          {props.submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <output aria-live="polite">{message}</output>
      </form>
    </FormContext.Provider>
  );
}
