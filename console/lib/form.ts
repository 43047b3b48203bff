import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { humanize } from './format.ts';

export type Path = ReadonlyArray<string | number>;

export const pathKey = (path: Path) => path.join('.');
/**
 * A DOM id for the control editing `path`, so error summaries can link to it. Forms that share a
 * page (the catalogue's create and edit forms) pass a prefix of their own, or their labels would
 * point at each other's controls.
 */
export const fieldId = (path: Path, prefix = 'f') =>
  `${prefix}-${pathKey(path).replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function getIn(value: unknown, path: Path): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Immutable set; `undefined` removes an object key so optional fields disappear from the payload. */
export function setIn<T>(value: T, path: Path, next: unknown): T {
  const [head, ...rest] = path;
  if (head === undefined) return next as T;
  const base = value ?? (typeof head === 'number' ? [] : {});
  const child =
    rest.length === 0 ? next : setIn((base as Record<string | number, unknown>)[head], rest, next);
  if (Array.isArray(base)) {
    const copy = [...base];
    copy[head as number] = child;
    return copy as T;
  }
  const copy = { ...(base as Record<string, unknown>) };
  if (child === undefined) delete copy[head as string];
  else copy[head as string] = child;
  return copy as T;
}

/** The visible label of the control editing `path`, for error summaries; else the path in words. */
export function fieldLabel(path: Path): string {
  const label = document.querySelector(`label[for="${fieldId(path)}"]`)?.textContent?.trim();
  const words = path
    .map((p) =>
      String(p)
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .toLowerCase(),
    )
    .join(' › ');
  return label || humanize(words) || 'Campaign';
}

/** The first message per path, keyed like `pathKey`: how field components find their error. */
export function issuesToErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>) {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= issue.message;
  }
  return errors;
}

export interface FormState {
  value: unknown;
  set: (path: Path, next: unknown) => void;
  errors: Record<string, string>;
  readOnly: boolean;
  /** The prefix of this form's field ids (see `fieldId`); `f` when the form is alone on its page. */
  idPrefix?: string;
}

export const FormContext = createContext<FormState>({
  value: undefined,
  set: () => {},
  errors: {},
  readOnly: true,
});

export function useField<T>(path: Path) {
  const form = useContext(FormContext);
  return {
    id: fieldId(path, form.idPrefix),
    value: getIn(form.value, path) as T | undefined,
    error: form.errors[pathKey(path)],
    readOnly: form.readOnly,
    set: (next: unknown) => form.set(path, next),
  };
}
