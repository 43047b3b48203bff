import { useContext, useState } from 'preact/hooks';
import type { Copy } from '../../../../shared/campaign.ts';
import { FieldMessage, TextField } from '../../../components/fields.tsx';
import { FormContext, getIn } from '../../../lib/form.ts';

const LOCALE = /^[a-z]{2}(-[A-Za-z0-9]{2,8})?$/;

/** Copy per locale; `en` is required and is what every other locale falls back to. */
export function CopySection({ locale, onLocale }: { locale: string; onLocale: (l: string) => void }) {
  const form = useContext(FormContext);
  const content = (getIn(form.value, ['content']) as Record<string, Copy> | undefined) ?? {};
  const locales = Object.keys(content);
  const [adding, setAdding] = useState('');
  const active = locales.includes(locale) ? locale : (locales[0] ?? 'en');
  const addLocale = () => {
    const code = adding.trim();
    if (!LOCALE.test(code) || code in content) return;
    form.set(['content', code], { title: content.en?.title ?? '', body: content.en?.body ?? '' });
    setAdding('');
    onLocale(code);
  };
  const c = (k: string) => ['content', active, k];
  return (
    <div>
      <div class="tabs" role="tablist" aria-label="Locales">
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
            {Object.keys(form.errors).some((k) => k.startsWith(`content.${l}.`)) ? ' ⚠' : ''}
          </button>
        ))}
      </div>
      <FieldMessage id="f-content" error={form.errors.content} />
      {locales.length > 0 && (
        <div role="tabpanel" aria-label={`Copy in ${active}`}>
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
          {active !== 'en' && (
            <button
              type="button"
              class="link danger"
              disabled={form.readOnly}
              onClick={() => {
                const { [active]: _gone, ...rest } = content;
                form.set(['content'], rest);
                onLocale('en');
              }}
            >
              Remove {active}
            </button>
          )}
        </div>
      )}
      <div class="inline-add">
        <label for="f-new-locale">Add locale</label>
        <input
          id="f-new-locale"
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
