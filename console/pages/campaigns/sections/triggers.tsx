import { useContext } from 'preact/hooks';
import type { LeafTrigger, TriggerGroup } from '../../../../shared/campaign.ts';
import { FieldMessage, NumberField, SelectField, TextField } from '../../../components/fields.tsx';
import { FormContext, fieldId, getIn, type Path, pathKey } from '../../../lib/form.ts';
import { productOptions, useCatalog } from '../catalog-context.ts';
import { RemoveButton } from './remove-button.tsx';

type Node = LeafTrigger | TriggerGroup;
const isGroup = (node: Node): node is TriggerGroup => node.type === 'all' || node.type === 'any';

/** A sensible starting value for each trigger type; domain.md: quotas at 80–90 %, renewals in 60 days. */
export const LEAF_DEFAULTS: Record<LeafTrigger['type'], LeafTrigger> = {
  metric_quota: { type: 'metric_quota', metric: '', atLeastPercent: 80 },
  event_count: { type: 'event_count', event: '', atLeast: 5, withinDays: 30, scope: 'account' },
  event: { type: 'event', event: '', withinDays: 30, scope: 'account' },
  milestone: { type: 'milestone', event: '' },
  renewal_within: { type: 'renewal_within', days: 60 },
  days_since_signup: { type: 'days_since_signup', atLeast: 30 },
  days_since_first_purchase: { type: 'days_since_first_purchase', atLeast: 30 },
  page: { type: 'page', pattern: '/pricing', minVisits: 1, withinDays: 30 },
  trial_day: { type: 'trial_day', productKey: '', day: 7 },
};

const LEAF_LABELS: ReadonlyArray<readonly [LeafTrigger['type'], string]> = [
  ['metric_quota', 'Usage: quota reached (%)'],
  ['event_count', 'Usage: event repeated (workaround, depth)'],
  ['event', 'Behaviour: event happened'],
  ['milestone', 'Value: milestone reached'],
  ['renewal_within', 'Time: renewal within N days'],
  ['days_since_signup', 'Time: days since signup'],
  ['days_since_first_purchase', 'Time: days since first purchase'],
  ['page', 'Behaviour: page visited'],
  ['trial_day', 'Time: trial day N'],
];
const SCOPES = [
  ['account', 'Anyone in the account'],
  ['user', 'This user'],
] as const;

function LeafFields({ path, leaf }: { path: Path; leaf: LeafTrigger }) {
  const catalog = useCatalog();
  const p = (k: string) => [...path, k];
  switch (leaf.type) {
    case 'metric_quota':
      return (
        <>
          <TextField path={p('metric')} label="Metric" placeholder="api_calls" suggest="metric" />
          <NumberField path={p('atLeastPercent')} label="At least % of quota" min={0} max={1000} />
        </>
      );
    case 'event_count':
      return (
        <>
          <TextField path={p('event')} label="Event" placeholder="report.exported" suggest="event" />
          <NumberField path={p('atLeast')} label="At least (times)" min={1} />
          <NumberField path={p('withinDays')} label="Within days" min={1} max={365} />
          <SelectField path={p('scope')} label="Counted for" options={SCOPES} />
        </>
      );
    case 'event':
      return (
        <>
          <TextField path={p('event')} label="Event" placeholder="locked_feature.clicked" suggest="event" />
          <NumberField path={p('withinDays')} label="Within days" min={1} max={365} />
          <SelectField path={p('scope')} label="Counted for" options={SCOPES} />
        </>
      );
    case 'milestone':
      return (
        <TextField
          path={p('event')}
          label="Milestone event"
          placeholder="integration.connected"
          suggest="event"
        />
      );
    case 'renewal_within':
      return <NumberField path={p('days')} label="Renewal within days" min={0} max={365} />;
    case 'days_since_signup':
    case 'days_since_first_purchase':
      return (
        <>
          <NumberField path={p('atLeast')} label="At least days" min={0} />
          <NumberField path={p('atMost')} label="At most days" min={0} hint="Optional" optional />
        </>
      );
    case 'page':
      return (
        <>
          <TextField path={p('pattern')} label="Path glob" placeholder="/settings/*" />
          <NumberField path={p('minVisits')} label="Minimum visits" min={1} />
          <NumberField path={p('withinDays')} label="Within days" min={1} max={365} />
        </>
      );
    case 'trial_day':
      return (
        <>
          <SelectField
            path={p('productKey')}
            label="Trial of"
            options={productOptions(catalog)}
            empty="Choose a product"
          />
          <NumberField path={p('day')} label="Day" min={0} max={90} />
        </>
      );
  }
}

function TriggerNode({ path, depth, onRemove }: { path: Path; depth: number; onRemove?: () => void }) {
  const form = useContext(FormContext);
  const node = getIn(form.value, path) as Node;
  if (!isGroup(node)) {
    return (
      <div class="trigger-leaf">
        <SelectField
          path={[...path, 'type']}
          label="Trigger"
          options={LEAF_LABELS}
          onPick={(t) => t && form.set(path, LEAF_DEFAULTS[t as LeafTrigger['type']])}
        />
        <LeafFields path={path} leaf={node} />
        {onRemove && <RemoveButton onClick={onRemove}>Remove trigger</RemoveButton>}
      </div>
    );
  }
  const children = node.triggers ?? [];
  const listPath = [...path, 'triggers'];
  const add = (child: Node) => form.set(listPath, [...children, child]);
  const removeAt = (i: number) =>
    form.set(
      listPath,
      children.filter((_, j) => j !== i),
    );
  return (
    <fieldset class="trigger-group" aria-label={depth === 0 ? 'Triggers' : `Nested group, level ${depth}`}>
      <SelectField
        path={[...path, 'type']}
        label={depth === 0 ? 'Fire when' : 'Group: fire when'}
        options={[
          ['all', 'all of these hold'],
          ['any', 'any of these holds'],
        ]}
      />
      {children.length === 0 && <p class="muted">No triggers: eligible whenever the audience matches.</p>}
      {children.map((_, i) => (
        <TriggerNode key={i} path={[...listPath, i]} depth={depth + 1} onRemove={() => removeAt(i)} />
      ))}
      <FieldMessage id={fieldId(listPath)} error={form.errors[pathKey(listPath)]} />
      <div class="actions">
        <button type="button" disabled={form.readOnly} onClick={() => add(LEAF_DEFAULTS.metric_quota)}>
          Add trigger
        </button>
        {depth < 3 && (
          <button type="button" disabled={form.readOnly} onClick={() => add({ type: 'any', triggers: [] })}>
            Add nested group
          </button>
        )}
        {onRemove && <RemoveButton onClick={onRemove}>Remove group</RemoveButton>}
      </div>
    </fieldset>
  );
}

export function TriggersSection() {
  return <TriggerNode path={['triggers']} depth={0} />;
}
