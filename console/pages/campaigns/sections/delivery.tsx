import { useContext, useState } from 'preact/hooks';
import type { Routing } from '../../../../shared/campaign.ts';
import {
  CheckboxField,
  DateTimeField,
  MoneyField,
  NumberField,
  SelectField,
  TagsField,
} from '../../../components/fields.tsx';
import { FormContext, getIn } from '../../../lib/form.ts';
import { holdoutHint } from './holdout-hint.ts';
import { RemoveButton } from './remove-button.tsx';

export function FrequencySection() {
  const f = (k: string) => ['frequency', k];
  const form = useContext(FormContext);
  // The percent the campaign had when the editor opened it: the one its accounts were split by.
  const [loadedHoldout] = useState(() => getIn(form.value, ['holdout', 'percent']));
  const hint = holdoutHint(
    getIn(form.value, ['status']),
    loadedHoldout,
    getIn(form.value, ['holdout', 'percent']),
  );
  return (
    <div class="grid">
      <NumberField path={f('maxImpressionsPerUser')} label="Max impressions per user" min={1} max={100} />
      <NumberField path={f('minIntervalHours')} label="Min hours between impressions" step="any" min={0} />
      <NumberField path={f('stopAfterDismissals')} label="Stop after dismissals" min={1} max={20} />
      <NumberField
        path={f('dismissCooldownDays')}
        label="Cool-down after a dismissal (days)"
        step="any"
        min={0}
        max={365}
      />
      <NumberField
        path={f('maxImpressionsPerAccountPerDay')}
        label="Max impressions per account per day"
        min={1}
        optional
        hint="Optional, across all seats"
      />
      <CheckboxField path={f('stopAfterConversion')} label="Stop after the user converts" />
      <NumberField path={['holdout', 'percent']} label="Holdout %" step="any" min={0} max={50} hint={hint} />
    </div>
  );
}

const CHANNELS = [
  ['csm', 'Customer success (lead for the CSM)'],
  ['sales', 'Sales (route to an account executive)'],
] as const;

export function RoutingSection() {
  const form = useContext(FormContext);
  const rules = (getIn(form.value, ['routing', 'rules']) as Routing['rules'] | undefined) ?? [];
  const path = ['routing', 'rules'];
  return (
    <div>
      <p class="muted">
        Matching accounts get a lead in the chosen channel instead of an in-app prompt. First match wins.
      </p>
      {rules.map((_, i) => (
        <div class="row-item" key={i}>
          <SelectField path={[...path, i, 'channel']} label="Channel" options={CHANNELS} />
          <TagsField
            path={[...path, i, 'segments']}
            label="Segments"
            hint="Empty: any segment"
            suggest="segment"
          />
          <MoneyField
            path={[...path, i, 'minMrr']}
            label="Min MRR"
            hint="In your currency's units, as your accounts' MRR"
            optional
          />
          <NumberField path={[...path, i, 'minSeats']} label="Min seats" min={0} optional />
          <RemoveButton
            onClick={() =>
              form.set(
                path,
                rules.filter((_, j) => j !== i),
              )
            }
          >
            Remove rule
          </RemoveButton>
        </div>
      ))}
      <button
        type="button"
        disabled={form.readOnly}
        onClick={() => form.set(path, [...rules, { channel: 'sales', segments: ['enterprise'] }])}
      >
        Add routing rule
      </button>
    </div>
  );
}

export function ScheduleSection() {
  return (
    <div class="grid">
      <DateTimeField path={['schedule', 'startAt']} label="Starts" hint="Empty: as soon as it is active" />
      <DateTimeField path={['schedule', 'endAt']} label="Ends" hint="Empty: until paused" />
    </div>
  );
}
