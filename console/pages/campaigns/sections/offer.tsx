import { useContext } from 'preact/hooks';
import { DateTimeField, NumberField } from '../../../components/fields.tsx';
import { FormContext, getIn } from '../../../lib/form.ts';

export function OfferSection() {
  const form = useContext(FormContext);
  const intro = getIn(form.value, ['offer', 'intro']);
  return (
    <div>
      <div class="field check">
        <input
          id="f-offer-intro-on"
          type="checkbox"
          checked={intro !== undefined}
          disabled={form.readOnly}
          onChange={(e) =>
            form.set(['offer', 'intro'], e.currentTarget.checked ? { percent: 50, months: 3 } : undefined)
          }
        />
        <label for="f-offer-intro-on">Introductory discount</label>
      </div>
      <div class="grid">
        {intro !== undefined && (
          <>
            <NumberField path={['offer', 'intro', 'percent']} label="Intro: % off" min={1} max={100} />
            <NumberField path={['offer', 'intro', 'months']} label="Intro: for months" min={1} max={36} />
          </>
        )}
        <NumberField
          path={['offer', 'annualPercentOff']}
          label="Annual plan: % off"
          min={0}
          max={90}
          hint="15–20% is usual; empty: no annual option"
        />
        <DateTimeField
          path={['offer', 'expiresAt']}
          label="Offer expires at"
          hint="Optional, shown to the user"
        />
        <NumberField
          path={['offer', 'expiresInDays']}
          label="Or expires days after first seen"
          min={1}
          max={365}
        />
      </div>
    </div>
  );
}
