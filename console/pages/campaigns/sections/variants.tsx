import { useContext } from 'preact/hooks';
import { type Content, type CopyVariant, MAX_COPY_VARIANTS } from '../../../../shared/campaign.ts';
import { FieldMessage, NumberField, PresenceField, TextField } from '../../../components/fields.tsx';
import { FormContext, fieldId, getIn } from '../../../lib/form.ts';
import { ContentEditor, type LocaleProps } from './copy.tsx';
import { OfferSection } from './offer.tsx';
import { RemoveButton } from './remove-button.tsx';

/**
 * The treated accounts' percent left to the original: what the variants do not take. An emptied
 * percent is null in the draft until the schema refuses it, and takes nothing meanwhile.
 */
export const originalPercent = (variants: readonly CopyVariant[]) =>
  100 - variants.reduce((sum, v) => sum + (typeof v.percent === 'number' ? v.percent : 0), 0);

/** `b`, `c`, `d`: the first letter no variant has (the original is "a" in the usual A/B naming). */
export function nextVariantKey(variants: readonly CopyVariant[]): string {
  const taken = new Set(variants.map((v) => v.key));
  // Four letters for at most three variants: one is always free.
  return ['b', 'c', 'd', 'e'].find((k) => !taken.has(k)) as string;
}

/**
 * A new variant starts as the original's copy, to be reworded, and takes half of what the original
 * has left: one variant is a 50/50 test, and no percent the product manager already set changes
 * (on a running campaign that would move accounts between copies).
 */
export function newVariant(variants: readonly CopyVariant[], original: Content | undefined): CopyVariant {
  return {
    key: nextVariantKey(variants),
    percent: Math.max(1, Math.floor(originalPercent(variants) / 2)),
    content: structuredClone(original ?? { en: { title: '', body: '' } }),
  };
}

/**
 * Copies tested against the campaign's own copy (the original) on its treated accounts: each
 * account gets one copy, the same on every seat, and the analytics compare each copy's conversion
 * with the original's.
 */
export function VariantsSection(props: LocaleProps) {
  const form = useContext(FormContext);
  const variants = (getIn(form.value, ['variants']) as CopyVariant[] | undefined) ?? [];
  const holdout = getIn(form.value, ['holdout', 'percent']);
  const status = getIn(form.value, ['status']);
  const original = Math.max(originalPercent(variants), 0);
  const path = ['variants'];
  return (
    <div>
      <p class="muted">
        Test other wordings of the message, and if you like other offer terms, against the campaign's own (the
        original). Each account gets one copy, the same for all its seats; Analytics compares each copy's
        conversion with the original's.
      </p>
      <p class="muted small">
        {typeof holdout === 'number'
          ? `Held-out accounts (${holdout}% of the eligible) see no copy at all: the percents here split the other ${100 - holdout}%, the treated accounts.`
          : 'Held-out accounts see no copy at all: the percents here split the treated accounts.'}
      </p>
      {variants.length > 0 && (status === 'active' || status === 'paused') && (
        <p class="muted small">
          The variants take their percents in this order, so on a campaign that has run, changing a percent or
          removing a variant moves some accounts to another copy. For a clean comparison, duplicate the
          campaign instead.
        </p>
      )}
      {variants.map((v, i) => {
        // While its key is being typed (or emptied), a variant is still named by something.
        const name = v.key || String(i + 1);
        return (
          <fieldset key={i} class="nested">
            <legend>Variant {name}</legend>
            <div class="grid">
              <TextField
                path={[...path, i, 'key']}
                label="Variant key"
                hint="Names this copy in the results: lowercase letters, digits, - and _"
              />
              <NumberField
                path={[...path, i, 'percent']}
                label="Treated accounts (%)"
                min={1}
                max={99}
                hint="The share of the treated accounts that get this copy"
              />
            </div>
            <ContentEditor
              path={[...path, i, 'content']}
              name={`Variant ${name} copy`}
              locale={props.locale}
              onLocale={props.onLocale}
            />
            <PresenceField
              path={[...path, i, 'offer']}
              label={`Variant ${name} tests its own offer`}
              // Starts from the campaign's terms, to change the one being tested.
              on={structuredClone(getIn(form.value, ['offer']) ?? {})}
            />
            {v.offer !== undefined && <OfferSection path={[...path, i, 'offer']} />}
            <div class="actions">
              <button
                type="button"
                disabled={form.readOnly}
                aria-describedby={`${fieldId(path, form.idPrefix)}-promote-${i}`}
                onClick={() => {
                  // The experiment ends: every treated account gets the winner from the next save on.
                  form.set(['content'], v.content);
                  if (v.offer !== undefined) form.set(['offer'], v.offer);
                  form.set(path, []);
                }}
              >
                Make variant {name} the copy
              </button>
              <RemoveButton
                onClick={() =>
                  form.set(
                    path,
                    variants.filter((_, j) => j !== i),
                  )
                }
              >
                Remove variant {name}
              </RemoveButton>
            </div>
            <p id={`${fieldId(path, form.idPrefix)}-promote-${i}`} class="muted small">
              Making it the copy ends the experiment: its copy (and its offer, when it tests one) replaces the
              campaign's and the variants go, once saved.
            </p>
          </fieldset>
        );
      })}
      {variants.length > 0 && (
        <p id={fieldId(path, form.idPrefix)}>
          Original copy: <strong>{original}%</strong> of treated accounts
        </p>
      )}
      <FieldMessage id={fieldId(path, form.idPrefix)} error={form.errors.variants} />
      {/* The button stops at the schema's maximum instead of a save failing. */}
      <button
        type="button"
        disabled={form.readOnly || variants.length >= MAX_COPY_VARIANTS}
        onClick={() =>
          form.set(path, [...variants, newVariant(variants, getIn(form.value, ['content']) as Content)])
        }
      >
        Add a variant
      </button>
      {variants.length >= MAX_COPY_VARIANTS && (
        <span class="muted small"> At most {MAX_COPY_VARIANTS} variants beside the original.</span>
      )}
    </div>
  );
}
