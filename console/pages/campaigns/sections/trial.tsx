import { useContext } from 'preact/hooks';
import type { TrialPlan, TrialStep } from '../../../../shared/campaign.ts';
import {
  CheckboxField,
  FieldMessage,
  NumberField,
  PresenceField,
  SelectField,
  TextField,
} from '../../../components/fields.tsx';
import { FormContext, fieldId, getIn, type Path, pathKey } from '../../../lib/form.ts';
import { RemoveButton } from './remove-button.tsx';

/** domain.md "Evaluation": a week-by-week plan and 2–3 success criteria agreed up front. */
export const DEFAULT_TRIAL = {
  enabled: true,
  plan: {
    weeks: [
      { week: 1, title: 'Set up', steps: [{ id: 'setup', title: 'Connect your data' }] },
      { week: 2, title: 'First use case', steps: [{ id: 'first-use', title: 'Run the first workflow' }] },
    ],
    successCriteria: [
      { id: 'activated', title: 'Used it on real work', count: 1 },
      { id: 'team', title: 'A teammate used it too', count: 1 },
    ],
  },
};

const COMPLETION = [
  ['event', 'an event'],
  ['metric', 'a usage metric'],
] as const;

function StepFields({
  path,
  onRemove,
  withCount,
}: {
  path: Path;
  onRemove?: (() => void) | undefined;
  withCount?: boolean;
}) {
  const form = useContext(FormContext);
  const step = getIn(form.value, path) as TrialStep;
  const by = step.metric ? 'metric' : 'event';
  const pick = (v: string | undefined) => {
    const { event: _e, metric: _m, ...rest } = step;
    form.set(path, v === 'metric' ? { ...rest, metric: { name: '', atLeast: 1 } } : { ...rest, event: '' });
  };
  return (
    <div class="row-item">
      <TextField path={[...path, 'id']} label="Step id" />
      <TextField path={[...path, 'title']} label="Step title" />
      <SelectField
        path={[...path, 'completedBy']}
        label="Completed by"
        options={COMPLETION}
        value={by}
        onPick={pick}
      />
      {by === 'event' ? (
        <TextField
          path={[...path, 'event']}
          label="Step event"
          hint="Optional: ticked by hand otherwise"
          suggest="event"
        />
      ) : (
        <>
          <TextField path={[...path, 'metric', 'name']} label="Step metric" suggest="metric" />
          <NumberField path={[...path, 'metric', 'atLeast']} label="Reaches at least" step="any" />
        </>
      )}
      {withCount && <NumberField path={[...path, 'count']} label="Times" min={1} />}
      {onRemove && <RemoveButton onClick={onRemove}>Remove</RemoveButton>}
    </div>
  );
}

function ListError({ path }: { path: Path }) {
  const form = useContext(FormContext);
  return <FieldMessage id={fieldId(path)} error={form.errors[pathKey(path)]} />;
}

export function TrialSection() {
  const form = useContext(FormContext);
  const trial = getIn(form.value, ['trial']) as { plan: TrialPlan } | undefined;
  const weeksPath = ['trial', 'plan', 'weeks'];
  const criteriaPath = ['trial', 'plan', 'successCriteria'];
  return (
    <div>
      <PresenceField path={['trial']} label="Offer a guided trial" on={DEFAULT_TRIAL} />
      {trial && (
        <>
          <div class="grid">
            <CheckboxField path={['trial', 'enabled']} label="Trial enabled" />
            <NumberField
              path={['trial', 'days']}
              label="Trial length (days)"
              min={1}
              max={90}
              hint="Empty: the product's trial length"
              optional
            />
          </div>
          <h3>Week-by-week plan</h3>
          {trial.plan.weeks.map((week, w) => {
            const wp = [...weeksPath, w];
            const steps = week.steps ?? [];
            return (
              <fieldset key={w} class="nested">
                <legend>Week {week.week ?? w + 1}</legend>
                <div class="grid">
                  <NumberField path={[...wp, 'week']} label="Week number" min={1} max={12} />
                  <TextField path={[...wp, 'title']} label="Week title" />
                </div>
                {steps.map((_, s) => (
                  <StepFields
                    key={s}
                    path={[...wp, 'steps', s]}
                    onRemove={() =>
                      form.set(
                        [...wp, 'steps'],
                        steps.filter((_, j) => j !== s),
                      )
                    }
                  />
                ))}
                <ListError path={[...wp, 'steps']} />
                <div class="actions">
                  <button
                    type="button"
                    disabled={form.readOnly}
                    onClick={() =>
                      form.set(
                        [...wp, 'steps'],
                        [...steps, { id: `step-${w + 1}-${steps.length + 1}`, title: '' }],
                      )
                    }
                  >
                    Add step
                  </button>
                  <RemoveButton
                    onClick={() =>
                      form.set(
                        weeksPath,
                        trial.plan.weeks.filter((_, j) => j !== w),
                      )
                    }
                  >
                    Remove week
                  </RemoveButton>
                </div>
              </fieldset>
            );
          })}
          <ListError path={weeksPath} />
          <button
            type="button"
            disabled={form.readOnly}
            onClick={() => {
              const n = trial.plan.weeks.length + 1;
              form.set(weeksPath, [
                ...trial.plan.weeks,
                { week: n, title: '', steps: [{ id: `step-${n}-1`, title: '' }] },
              ]);
            }}
          >
            Add week
          </button>
          <h3>Success criteria (2–3)</h3>
          {trial.plan.successCriteria.map((_, i) => (
            <StepFields
              key={i}
              path={[...criteriaPath, i]}
              withCount
              onRemove={() =>
                form.set(
                  criteriaPath,
                  trial.plan.successCriteria.filter((_, j) => j !== i),
                )
              }
            />
          ))}
          <ListError path={criteriaPath} />
          <button
            type="button"
            disabled={form.readOnly}
            onClick={() =>
              form.set(criteriaPath, [
                ...trial.plan.successCriteria,
                { id: `criterion-${trial.plan.successCriteria.length + 1}`, title: '', count: 1 },
              ])
            }
          >
            Add success criterion
          </button>
        </>
      )}
    </div>
  );
}
