import { useContext, useState } from 'preact/hooks';
import type { Content } from '../../../../shared/campaign.ts';
import { FieldMessage, TextField } from '../../../components/fields.tsx';
import { FormContext, fieldId, getIn, type Path, pathKey } from '../../../lib/form.ts';
import { RemoveButton } from './remove-button.tsx';

const LOCALE = /^[a-z]{2}(-[A-Za-z0-9]{2,8})?$/;

export interface LocaleProps {
  /** The locale being edited, one for the whole editor so the preview shows what is being typed. */
  locale: string;
  onLocale: (l: string) => void;
}

/** One locale's copy fields, at `path` (a content record's entry for that locale). */
function CopyFields({ path }: { path: Path }) {
  const c = (k: string) => [...path, k];
  return (
    <>
      <div class="grid">
        <TextField path={c('title')} label="Title" />
        <TextField
          path={c('primaryLabel')}
          label="Primary button"
          hint="The first action: starting the trial when one is offered, else buying. Empty: the widget’s words."
        />
        <TextField
          path={c('secondaryLabel')}
          label="Buy button beside a trial"
          hint="Labels buying when a trial is offered first. Not a dismiss button: the widget adds its own “Not now”."
        />
        <TextField path={c('imageUrl')} label="Image URL (https)" type="url" />
        <TextField
          path={c('imageAlt')}
          label="Image description"
          hint="What the image shows or says, read to screen-reader users. Empty: the image is decorative."
        />
      </div>
      <TextField
        path={c('body')}
        label="Body"
        multiline
        hint="Safe markdown: **bold**, *italic*, [links](https://…), lists. Variables such as {{account.name}}, {{usage.<metric>.percent}} or {{offer.price}} are filled on the server; an account with no value for one is not shown the message."
      />
      <TextField
        path={c('roiLine')}
        label="ROI line"
        hint="e.g. Teams like yours save {{roi.hoursPerYear}} hours a year — about {{roi.valuePerYear}}. From the ROI model and the account's seats: {{roi.hoursPerWeek}}, {{roi.hoursPerYear}}, {{roi.valuePerYear}}; or an attribute such as {{account.attributes.export_hours}}."
      />
    </>
  );
}

/**
 * A content record (copy per locale, `en` required and the fallback) at `path`: tabs per locale, the
 * active locale's fields, adding and removing locales. The campaign's own copy and each copy
 * variant are edited with it. `name` says whose copy it is ("Copy", "Variant b copy").
 */
export function ContentEditor({ path, name, locale, onLocale }: LocaleProps & { path: Path; name: string }) {
  const form = useContext(FormContext);
  const content = (getIn(form.value, path) as Content | undefined) ?? {};
  const locales = Object.keys(content);
  const [adding, setAdding] = useState('');
  const active = locales.includes(locale) ? locale : (locales[0] ?? 'en');
  const key = pathKey(path);
  const addId = `${fieldId(path, form.idPrefix)}-new-locale`;
  const addLocale = () => {
    const code = adding.trim();
    if (!LOCALE.test(code) || code in content) return;
    form.set([...path, code], { title: content.en?.title ?? '', body: content.en?.body ?? '' });
    setAdding('');
    onLocale(code);
  };
  return (
    <div>
      <div class="tabs" role="tablist" aria-label={`${name} locales`}>
        {locales.map((l) => (
          <button
            key={l}
            type="button"
            role="tab"
            aria-selected={l === active}
            class={l === active ? 'tab active' : 'tab'}
            onClick={() => onLocale(l)}
          >
            {l}
            {Object.keys(form.errors).some((k) => k.startsWith(`${key}.${l}.`)) ? ' ⚠' : ''}
          </button>
        ))}
      </div>
      <FieldMessage id={fieldId(path, form.idPrefix)} error={form.errors[key]} />
      {locales.length > 0 && (
        <div role="tabpanel" aria-label={`${name} in ${active}`}>
          <CopyFields path={[...path, active]} />
          {active !== 'en' && (
            <RemoveButton
              onClick={() => {
                const { [active]: _gone, ...rest } = content;
                form.set(path, rest);
                onLocale('en');
              }}
            >
              Remove {active}
            </RemoveButton>
          )}
        </div>
      )}
      <div class="inline-add">
        <label for={addId}>Add locale</label>
        <input
          id={addId}
          value={adding}
          placeholder="de"
          disabled={form.readOnly}
          onInput={(e) => setAdding(e.currentTarget.value)}
        />
        <button type="button" disabled={form.readOnly || !LOCALE.test(adding.trim())} onClick={addLocale}>
          Add
        </button>
      </div>
    </div>
  );
}

/** The campaign's own copy: the original, when the campaign tests copy variants against it. */
export function CopySection(props: LocaleProps) {
  return <ContentEditor path={['content']} name="Copy" {...props} />;
}
