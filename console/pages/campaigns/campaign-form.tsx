import type { ComponentChildren } from 'preact';
import { useCallback, useState } from 'preact/hooks';
import {
  Audience,
  type CampaignDefinition,
  CampaignDefinition as DefinitionSchema,
  Frequency,
  Presentation,
} from '../../../shared/campaign.ts';
import { ApiFailure, errorMessage } from '../../lib/api.ts';
import type { CampaignTemplate } from '../../lib/campaign-templates.ts';
import { FormContext, fieldId, fieldLabel, issuesToErrors, type Path, setIn } from '../../lib/form.ts';
import { useLeaveGuard } from '../../lib/router.ts';
import type { CampaignDraft } from './preview-message.ts';
import { AudienceSection } from './sections/audience.tsx';
import { BasicsSection } from './sections/basics.tsx';
import { CopySection } from './sections/copy.tsx';
import { FrequencySection, RoutingSection, ScheduleSection } from './sections/delivery.tsx';
import { OfferSection } from './sections/offer.tsx';
import { PresentationSection } from './sections/presentation.tsx';
import { RoiSection } from './sections/roi.tsx';
import { TargetSection } from './sections/target.tsx';
import { TrialSection } from './sections/trial.tsx';
import { TriggersSection } from './sections/triggers.tsx';
import { VariantsSection } from './sections/variants.tsx';

/**
 * A new campaign starts from the schema's own defaults, so the form and the API agree on them. From a
 * template it takes the template's name, motion and parts; a part with defaults (audience, placement,
 * frequency) keeps those the template leaves, so every field of the form still has its value.
 */
export function newCampaignDraft(template?: CampaignTemplate): CampaignDraft {
  const blank = {
    name: '',
    priority: 50,
    audience: Audience.parse({}),
    triggers: { type: 'all', triggers: [] },
    presentation: Presentation.parse({}),
    content: { en: { title: '', body: '' } },
    variants: [],
    offer: {},
    frequency: Frequency.parse({}),
    holdout: { percent: 10 },
    routing: { rules: [] },
    schedule: {},
  } satisfies CampaignDraft;
  if (!template) return blank;
  const { draft } = template;
  return {
    ...blank,
    ...draft,
    name: template.name,
    motion: template.motion,
    audience: { ...blank.audience, ...draft.audience },
    presentation: { ...blank.presentation, ...draft.presentation },
    frequency: { ...blank.frequency, ...draft.frequency },
  };
}

/** The draft minus what is not part of the definition (status, ids, figures). */
export function definitionOf(draft: CampaignDraft): unknown {
  const { status: _s, ...rest } = draft as Record<string, unknown>;
  for (const key of ['id', 'version', 'createdAt', 'updatedAt', 'stats']) delete rest[key];
  return rest;
}

/** Checks the draft with the same zod schema the API uses; the result is what gets saved. */
export function validateDraft(draft: CampaignDraft) {
  const result = DefinitionSchema.safeParse(definitionOf(draft));
  return result.success
    ? { ok: true as const, definition: result.data }
    : { ok: false as const, errors: issuesToErrors(result.error.issues) };
}

const SECTIONS: ReadonlyArray<
  readonly [string, string, (p: { locale: string; onLocale: (l: string) => void }) => ComponentChildren]
> = [
  ['basics', 'Basics', () => <BasicsSection />],
  ['target', 'Target', () => <TargetSection />],
  ['audience', 'Audience & lifecycle', () => <AudienceSection />],
  ['triggers', 'Triggers', () => <TriggersSection />],
  ['offer', 'Offer', () => <OfferSection />],
  ['trial', 'Trial plan & success criteria', () => <TrialSection />],
  ['presentation', 'Placement, format & theme', () => <PresentationSection />],
  ['roi', 'ROI model', () => <RoiSection />],
  ['content', 'Copy per locale', (p) => <CopySection {...p} />],
  ['variants', 'Copy experiment (A/B)', (p) => <VariantsSection {...p} />],
  ['frequency', 'Frequency & holdout', () => <FrequencySection />],
  ['routing', 'Routing', () => <RoutingSection />],
  ['schedule', 'Schedule', () => <ScheduleSection />],
];

export interface CampaignFormProps {
  initial: CampaignDraft;
  readOnly: boolean;
  /** Why the form is read-only, shown next to the disabled save button. */
  readOnlyReason?: string | undefined;
  onSave: (definition: CampaignDefinition) => Promise<void>;
  /** Beside the form; `unsaved`: the draft differs from the campaign as saved. */
  aside?: (draft: CampaignDraft, locale: string, unsaved: boolean) => ComponentChildren;
  /** Shown as saved when the form opens: the save that created the campaign happened on the page before. */
  savedNotice?: string | undefined;
}

export function CampaignForm(props: CampaignFormProps) {
  const [draft, setDraft] = useState<CampaignDraft>(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'error'; message?: string }>(
    props.savedNotice ? { kind: 'saved', message: props.savedNotice } : { kind: 'idle' },
  );
  const [locale, setLocale] = useState('en');
  /** Edited since it was loaded or last saved: leaving then asks first. */
  const [unsaved, setUnsaved] = useState(false);
  useLeaveGuard(
    unsaved && !props.readOnly,
    'This campaign has changes that are not saved. Leave and lose them?',
  );
  const set = useCallback((path: Path, next: unknown) => {
    setDraft((d) => setIn(d, path, next));
    setUnsaved(true);
    setStatus((s) => (s.kind === 'saved' ? { kind: 'idle' } : s));
  }, []);

  const save = async (e: Event) => {
    e.preventDefault();
    if (props.readOnly) return;
    const checked = validateDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      setStatus({ kind: 'error', message: 'Nothing was saved: fix the highlighted fields.' });
      return;
    }
    setErrors({});
    setStatus({ kind: 'saving' });
    try {
      await props.onSave(checked.definition);
      setUnsaved(false);
      setStatus({ kind: 'saved', message: 'Saved.' });
    } catch (err) {
      if (err instanceof ApiFailure && err.issues.length > 0) setErrors(issuesToErrors(err.issues));
      setStatus({ kind: 'error', message: `Nothing was saved: ${errorMessage(err)}` });
    }
  };

  const problems = Object.entries(errors);
  return (
    <FormContext.Provider value={{ value: draft, set, errors, readOnly: props.readOnly }}>
      <div class="editor-layout">
        <form class="campaign-form" onSubmit={save} noValidate aria-label="Campaign definition">
          {problems.length > 0 && (
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
              <h2 id="error-summary-title">
                {problems.length} {problems.length === 1 ? 'problem' : 'problems'} to fix
              </h2>
              <ul>
                {problems.map(([path, message]) => (
                  <li key={path}>
                    <a href={`#${fieldId(path.split('.'))}`}>
                      {fieldLabel(path.split('.'))}: {message}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {SECTIONS.map(([key, title, render]) => (
            <section key={key} class="card" aria-labelledby={`sec-${key}`}>
              <h2 id={`sec-${key}`}>{title}</h2>
              {render({ locale, onLocale: setLocale })}
            </section>
          ))}
          <div class="save-bar">
            <button type="submit" class="primary" disabled={props.readOnly || status.kind === 'saving'}>
              {status.kind === 'saving' ? 'Saving…' : 'Save campaign'}
            </button>
            {props.readOnly && props.readOnlyReason && <span class="muted">{props.readOnlyReason}</span>}
            <output class={status.kind === 'error' ? 'status error' : 'status'} aria-live="polite">
              {status.message ?? ''}
            </output>
          </div>
        </form>
        {props.aside && <aside class="editor-aside">{props.aside(draft, locale, unsaved)}</aside>}
      </div>
    </FormContext.Provider>
  );
}
