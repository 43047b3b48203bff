import { useContext } from 'preact/hooks';
import type { Target } from '../../../../shared/campaign.ts';
import {
  MultiCheckField,
  NumberField,
  SelectField,
  TagsField,
  TextField,
} from '../../../components/fields.tsx';
import { FormContext, getIn } from '../../../lib/form.ts';
import { bundleOptions, productOptions, useCatalog } from '../catalog-context.ts';

const KINDS = [
  ['product', 'A product'],
  ['bundle', 'A bundle'],
  ['tier', 'A tier upgrade'],
  ['next_best', 'Next best product (by affinity)'],
] as const;

const TARGET_DEFAULTS: Record<Target['kind'], Target> = {
  product: { kind: 'product', productKey: '' },
  bundle: { kind: 'bundle', bundleKey: '' },
  tier: { kind: 'tier', toPlan: '', productKey: '', fromPlans: [] },
  next_best: { kind: 'next_best', minConfidence: 0.2, minLift: 1.2, candidates: [] },
};

export function TargetSection() {
  const form = useContext(FormContext);
  const catalog = useCatalog();
  const target = getIn(form.value, ['target']) as Target | undefined;
  const products = productOptions(catalog);
  return (
    <div class="grid">
      <SelectField
        path={['target', 'kind']}
        label="What to offer"
        options={KINDS}
        empty="Choose what to offer"
        onPick={(k) => form.set(['target'], k ? TARGET_DEFAULTS[k as Target['kind']] : undefined)}
      />
      {(target?.kind === 'product' || target?.kind === 'tier') && (
        <SelectField
          path={['target', 'productKey']}
          label="Product"
          options={products}
          empty="Choose a product"
        />
      )}
      {target?.kind === 'tier' && (
        <>
          <TextField path={['target', 'toPlan']} label="To plan" placeholder="professional" suggest="plan" />
          <TagsField
            path={['target', 'fromPlans']}
            label="From plans"
            placeholder="starter"
            suggest="plan"
            hint="Only accounts on these plans are offered the upgrade. Empty: every plan but the target's. When products carry plans (Products & bundles), the upgrade costs the difference from the account's plan, and a plan priced at or above the tier is never offered it"
          />
        </>
      )}
      {target?.kind === 'bundle' && (
        <SelectField
          path={['target', 'bundleKey']}
          label="Bundle"
          options={bundleOptions(catalog)}
          empty="Choose a bundle"
        />
      )}
      {target?.kind === 'next_best' && (
        <>
          <NumberField
            path={['target', 'minConfidence']}
            label="Minimum confidence"
            step="any"
            min={0}
            max={1}
            hint="0–1; the attach rate P(B | A)"
          />
          <NumberField
            path={['target', 'minLift']}
            label="Minimum lift"
            step="any"
            min={0}
            hint="Above 1 means owning A raises the chance of B"
          />
          <MultiCheckField
            path={['target', 'candidates']}
            label="Candidates"
            options={products}
            hint="Empty: every attach product"
          />
        </>
      )}
    </div>
  );
}
