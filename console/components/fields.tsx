import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { NameKind } from '../../shared/vocabulary.ts';
import { type Path, useField } from '../lib/form.ts';
import { fromLocalInput, toLocalInput } from '../lib/format.ts';
import { NameHelp, nameHelpIds, splitNames } from './vocabulary.tsx';

interface BaseProps {
  path: Path;
  label: string;
  hint?: string;
}

/** A field's label, hint and error around its control (also for forms outside a FormProvider). */
export function FieldWrap(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint && (
        <small id={`${props.id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      <FieldMessage id={props.id} error={props.error} />
    </div>
  );
}

export function FieldMessage({ id, error }: { id: string; error?: string | undefined }) {
  if (!error) return null;
  return (
    <p id={`${id}-error`} class="field-error">
      {error}
    </p>
  );
}

const describedBy = (id: string, hint?: string, error?: string, suggest?: NameKind) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : '', suggest ? nameHelpIds(id).warnings : '']
    .filter(Boolean)
    .join(' ') || undefined;

/** `suggest`: the field holds a name of that kind; names in use are suggested and a typo flagged. */
export function TextField(
  props: BaseProps & { multiline?: boolean; placeholder?: string; type?: string; suggest?: NameKind },
) {
  const f = useField<string>(props.path);
  const common = {
    id: f.id,
    value: f.value ?? '',
    disabled: f.readOnly,
    placeholder: props.placeholder,
    'aria-invalid': f.error ? true : undefined,
    'aria-describedby': describedBy(f.id, props.hint, f.error, props.suggest),
    onInput: (e: Event) => {
      const v = (e.currentTarget as HTMLInputElement).value;
      f.set(v === '' ? undefined : v);
    },
  };
  return (
    <FieldWrap id={f.id} label={props.label} hint={props.hint} error={f.error}>
      {props.multiline ? (
        <textarea rows={4} {...common} />
      ) : (
        <input
          type={props.type ?? 'text'}
          list={props.suggest && nameHelpIds(f.id).list}
          autocomplete={props.suggest && 'off'}
          {...common}
        />
      )}
      {props.suggest && <NameHelp kind={props.suggest} id={f.id} text={f.value ?? ''} />}
    </FieldWrap>
  );
}

/** Decimal places of a currency's major unit (USD 2, JPY 0); 2 for a code Intl does not know. */
export function minorDigits(currency: string | undefined): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency: currency || 'USD' }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/**
 * An amount typed in the currency's units (49.90) and stored in its minor units (4990), as the API
 * keeps money. The typed text is kept while it still means the stored amount, so "12.0" on the way
 * to "12.05" is not rewritten to "12". Emptied: null ("Required"), or unset when `optional`.
 */
export function MoneyField(props: BaseProps & { currency?: string | undefined; optional?: boolean }) {
  const f = useField<number>(props.path);
  const scale = 10 ** minorDigits(props.currency);
  const shown = (amount: number | null | undefined) =>
    typeof amount === 'number' ? String(amount / scale) : '';
  const [text, setText] = useState(shown(f.value));
  const toAmount = (raw: string) => (raw === '' ? undefined : Math.round(Number(raw) * scale));
  useEffect(() => {
    if (toAmount(text) !== (f.value ?? undefined)) setText(shown(f.value));
    // Only an outside change of the amount (a reset, a loaded version) rewrites the text.
  }, [f.value, scale]);
  const label = props.currency ? `${props.label} (${props.currency})` : props.label;
  return (
    <FieldWrap id={f.id} label={label} hint={props.hint} error={f.error}>
      <input
        id={f.id}
        type="number"
        inputMode="decimal"
        step={1 / scale}
        min={0}
        value={text}
        disabled={f.readOnly}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={describedBy(f.id, props.hint, f.error)}
        onInput={(e) => {
          const raw = e.currentTarget.value;
          setText(raw);
          if (raw !== '') f.set(toAmount(raw));
          else f.set(props.optional ? undefined : null);
        }}
      />
    </FieldWrap>
  );
}

/**
 * An emptied number is null, which the schema refuses ("Required"): undefined would let a zod
 * `.default()` fill it in, saving the default behind an empty field (or a PATCH leaving the old value).
 * `optional` is for fields the schema lets be absent (no cap, inherit): there empty means unset.
 */
export function NumberField(
  props: BaseProps & { step?: number | 'any'; min?: number; max?: number; optional?: boolean },
) {
  const f = useField<number>(props.path);
  return (
    <FieldWrap id={f.id} label={props.label} hint={props.hint} error={f.error}>
      <input
        id={f.id}
        type="number"
        inputMode="decimal"
        step={props.step ?? 1}
        min={props.min}
        max={props.max}
        value={f.value ?? ''}
        disabled={f.readOnly}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={describedBy(f.id, props.hint, f.error)}
        onInput={(e) => {
          const raw = e.currentTarget.value;
          if (raw !== '') f.set(Number(raw));
          else f.set(props.optional ? undefined : null);
        }}
      />
    </FieldWrap>
  );
}

export function SelectField(
  props: BaseProps & {
    options: ReadonlyArray<readonly [string, string]>;
    empty?: string;
    /** Shown instead of the stored value (for choices that are derived, not stored). */
    value?: string;
    onPick?: (v: string | undefined) => void;
  },
) {
  const f = useField<string>(props.path);
  const shown = props.value ?? f.value ?? '';
  // A stored value the options lack (a product an imported campaign names that this workspace has
  // not, or one not loaded yet) is shown as itself, not as a blank that hides what a save would send.
  const unlisted = shown !== '' && !props.options.some(([value]) => value === shown);
  return (
    <FieldWrap id={f.id} label={props.label} hint={props.hint} error={f.error}>
      <select
        id={f.id}
        value={shown}
        disabled={f.readOnly}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={describedBy(f.id, props.hint, f.error)}
        onChange={(e) => {
          const v = e.currentTarget.value || undefined;
          if (props.onPick) props.onPick(v);
          else f.set(v);
        }}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {unlisted && <option value={shown}>{shown}</option>}
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </FieldWrap>
  );
}

export function CheckboxField(props: BaseProps) {
  const f = useField<boolean>(props.path);
  return (
    <div class={f.error ? 'field check invalid' : 'field check'}>
      <input
        id={f.id}
        type="checkbox"
        checked={f.value ?? false}
        disabled={f.readOnly}
        aria-describedby={describedBy(f.id, props.hint, f.error)}
        onChange={(e) => f.set(e.currentTarget.checked)}
      />
      <label for={f.id}>{props.label}</label>
      {props.hint && (
        <small id={`${f.id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      <FieldMessage id={f.id} error={f.error} />
    </div>
  );
}

/**
 * A checkbox that makes an optional part of the definition present (set to `on`, its starting value)
 * or absent (`off`: undefined unless the schema spells absence otherwise, e.g. null).
 */
export function PresenceField(props: { path: Path; label: string; on: unknown; off?: unknown }) {
  const f = useField<unknown>(props.path);
  // The part's own fields may use the same path, so the checkbox takes an id of its own.
  const id = `${f.id}-on`;
  return (
    <div class="field check">
      <input
        id={id}
        type="checkbox"
        checked={f.value !== props.off}
        disabled={f.readOnly}
        onChange={(e) => f.set(e.currentTarget.checked ? props.on : props.off)}
      />
      <label for={id}>{props.label}</label>
    </div>
  );
}

/**
 * A list of strings typed comma-separated; keeps the raw text so a trailing comma can be typed.
 * `suggest` as for TextField, per name.
 */
export function TagsField(props: BaseProps & { placeholder?: string; suggest?: NameKind }) {
  const f = useField<string[]>(props.path);
  const joined = (f.value ?? []).join(', ');
  const [text, setText] = useState(joined);
  useEffect(() => {
    if (splitNames(text).join(', ') !== joined) setText(joined);
  }, [joined]);
  return (
    <FieldWrap id={f.id} label={props.label} hint={props.hint ?? 'Comma-separated'} error={f.error}>
      <input
        id={f.id}
        type="text"
        value={text}
        placeholder={props.placeholder}
        disabled={f.readOnly}
        list={props.suggest && nameHelpIds(f.id).list}
        autocomplete={props.suggest && 'off'}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={describedBy(f.id, props.hint ?? 'Comma-separated', f.error, props.suggest)}
        onInput={(e) => {
          const raw = e.currentTarget.value;
          setText(raw);
          f.set(splitNames(raw));
        }}
      />
      {props.suggest && <NameHelp kind={props.suggest} id={f.id} text={text} multiple />}
    </FieldWrap>
  );
}

/** A set of values from a fixed list, as checkboxes in a fieldset. */
export function MultiCheckField(props: BaseProps & { options: ReadonlyArray<readonly [string, string]> }) {
  const f = useField<string[]>(props.path);
  const selected = new Set(f.value ?? []);
  const toggle = (value: string, on: boolean) => {
    const next = props.options.map(([v]) => v).filter((v) => (v === value ? on : selected.has(v)));
    f.set(next);
  };
  return (
    <fieldset
      class={f.error ? 'field multi invalid' : 'field multi'}
      id={f.id}
      aria-describedby={describedBy(f.id, props.hint, f.error)}
    >
      <legend>{props.label}</legend>
      <div class="checks">
        {props.options.map(([value, label]) => (
          <label key={value} class="check-inline">
            <input
              type="checkbox"
              checked={selected.has(value)}
              disabled={f.readOnly}
              onChange={(e) => toggle(value, e.currentTarget.checked)}
            />
            {label}
          </label>
        ))}
        {props.options.length === 0 && <span class="muted">Nothing to choose from yet.</span>}
      </div>
      {props.hint && (
        <small id={`${f.id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      <FieldMessage id={f.id} error={f.error} />
    </fieldset>
  );
}

export function DateTimeField(props: BaseProps) {
  const f = useField<string>(props.path);
  return (
    <FieldWrap id={f.id} label={props.label} hint={props.hint} error={f.error}>
      <input
        id={f.id}
        type="datetime-local"
        value={toLocalInput(f.value)}
        disabled={f.readOnly}
        aria-invalid={f.error ? true : undefined}
        aria-describedby={describedBy(f.id, props.hint, f.error)}
        onInput={(e) => f.set(fromLocalInput(e.currentTarget.value))}
      />
    </FieldWrap>
  );
}

/** A hex colour that may be left unset (inherits the workspace theme). */
export function ColorField(props: BaseProps) {
  const f = useField<string>(props.path);
  return (
    <FieldWrap
      id={f.id}
      label={props.label}
      hint={props.hint ?? 'Hex, e.g. #4f46e5; empty inherits'}
      error={f.error}
    >
      <span class="color-row">
        <input
          id={f.id}
          type="text"
          value={f.value ?? ''}
          placeholder="#rrggbb"
          disabled={f.readOnly}
          aria-invalid={f.error ? true : undefined}
          aria-describedby={describedBy(f.id, props.hint ?? 'x', f.error)}
          onInput={(e) => f.set(e.currentTarget.value || undefined)}
        />
        <input
          type="color"
          aria-label={`${props.label} picker`}
          // A colour input cannot be empty: an unset field shows a hatched swatch, not black.
          data-unset={f.value ? undefined : ''}
          title={f.value ? undefined : 'Not set: inherits'}
          value={/^#[0-9a-f]{6}$/i.test(f.value ?? '') ? f.value : '#000000'}
          disabled={f.readOnly}
          onInput={(e) => f.set(e.currentTarget.value)}
        />
      </span>
    </FieldWrap>
  );
}
