import { useContext } from 'preact/hooks';
import { DateTimeField, NumberField, PresenceField } from '../../../components/fields.tsx';
import { FormContext, getIn } from '../../../lib/form.ts';

export function OfferSection() {
  const form = useContext(FormContext);
  const intro = getIn(form.value, ['offer', 'intro']);
  return (
    <div>
      <PresenceField
        path={['offer', 'intro']}
        label="Introductory discount"
        on={{ percent: 50, months: 3 }}
      />
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
          optional
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
          optional
        />
      </div>
    </div>
  );
}
