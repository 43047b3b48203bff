import { useContext } from 'preact/hooks';
import type { AttributeFilter } from '../../../../shared/campaign.ts';
import {
  FieldMessage,
  MultiCheckField,
  PresenceField,
  SelectField,
  TagsField,
  TextField,
} from '../../../components/fields.tsx';
import { FormContext, fieldId, getIn, pathKey } from '../../../lib/form.ts';
import { FILTER_OPS, STAGES } from '../../../lib/labels.ts';
import { productOptions, useCatalog } from '../catalog-context.ts';
import { RemoveButton } from './remove-button.tsx';

const FILTERS = ['audience', 'filters'] as const;

/** Typed filter values: numbers and booleans as such, `in` as a list. */
export function parseFilterValue(op: string, raw: string): unknown {
  const scalar = (s: string): unknown => {
    const t = s.trim();
    if (t === 'true' || t === 'false') return t === 'true';
    if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
    return t;
  };
  if (op === 'exists') return undefined;
  if (op === 'in')
    return raw
      .split(',')
      .map(scalar)
      .filter((v) => v !== '');
  return raw === '' ? undefined : scalar(raw);
}

const showValue = (v: unknown) =>
  Array.isArray(v) ? v.join(', ') : v === undefined || v === null ? '' : String(v);

function FilterRow({ index }: { index: number }) {
  const form = useContext(FormContext);
  const path = [...FILTERS, index];
  const filter = getIn(form.value, path) as AttributeFilter;
  const valueId = fieldId([...path, 'value']);
  const remove = () => {
    const list = (getIn(form.value, FILTERS) as AttributeFilter[]).filter((_, i) => i !== index);
    form.set(FILTERS, list);
  };
  return (
    <div class="row-item">
      <TextField path={[...path, 'field']} label="Field" placeholder="account.seats" />
      <SelectField path={[...path, 'op']} label="Operator" options={FILTER_OPS} />
      {filter.op !== 'exists' && (
        <div class="field">
          <label for={valueId}>Value</label>
          <input
            id={valueId}
            type="text"
            value={showValue(filter.value)}
            disabled={form.readOnly}
            onInput={(e) => form.set([...path, 'value'], parseFilterValue(filter.op, e.currentTarget.value))}
          />
          <FieldMessage id={valueId} error={form.errors[pathKey([...path, 'value'])]} />
        </div>
      )}
      <RemoveButton onClick={remove}>Remove filter</RemoveButton>
    </div>
  );
}

export function AudienceSection() {
  const form = useContext(FormContext);
  const catalog = useCatalog();
  const filters = (getIn(form.value, FILTERS) as AttributeFilter[] | undefined) ?? [];
  const openDeal = getIn(form.value, ['audience', 'openDealAttribute']);
  const products = productOptions(catalog);
  return (
    <div>
      <div class="grid">
        <TagsField
          path={['audience', 'segments']}
          label="Segments"
          hint="Empty: every segment"
          placeholder="smb, mid_market"
          suggest="segment"
        />
        <TagsField
          path={['audience', 'roles']}
          label="User roles"
          hint="Empty: every role"
          placeholder="admin, member"
          suggest="role"
        />
      </div>
      <MultiCheckField
        path={['audience', 'lifecycleStages']}
        label="Lifecycle stages"
        options={STAGES}
        hint="Never pitch during onboarding or to at-risk accounts"
      />
      <div class="grid">
        <MultiCheckField path={['audience', 'ownsAll']} label="Owns all of" options={products} />
        <MultiCheckField path={['audience', 'ownsNone']} label="Owns none of" options={products} />
      </div>
      <fieldset class="field">
        <legend>Attribute filters</legend>
        {filters.map((_, i) => (
          <FilterRow key={i} index={i} />
        ))}
        <FieldMessage id={fieldId(FILTERS)} error={form.errors[pathKey(FILTERS)]} />
        <button
          type="button"
          disabled={form.readOnly}
          onClick={() => form.set(FILTERS, [...filters, { field: 'account.', op: 'eq', value: '' }])}
        >
          Add filter
        </button>
      </fieldset>
      <div class="grid">
        <PresenceField
          path={['audience', 'openDealAttribute']}
          label="Suppress accounts with an open sales deal"
          on="open_deal"
          off={null}
        />
        {openDeal !== null && (
          <TextField
            path={['audience', 'openDealAttribute']}
            label="Open-deal attribute"
            placeholder="open_deal"
          />
        )}
      </div>
    </div>
  );
}
