import { useContext } from 'preact/hooks';
import { DateTimeField, NumberField, PresenceField } from '../../../components/fields.tsx';
import { FormContext, getIn, type Path } from '../../../lib/form.ts';

/** Offer terms at `path`: the campaign's own (`offer`), or a variant's that tests other terms. */
export function OfferSection({ path = ['offer'] }: { path?: Path }) {
  const form = useContext(FormContext);
  const intro = getIn(form.value, [...path, 'intro']);
  return (
    <div>
      <PresenceField
        path={[...path, 'intro']}
        label="Introductory discount"
        on={{ percent: 50, months: 3 }}
      />
      <div class="grid">
        {intro !== undefined && (
          <>
            <NumberField path={[...path, 'intro', 'percent']} label="Intro: % off" min={1} max={100} />
            <NumberField path={[...path, 'intro', 'months']} label="Intro: for months" min={1} max={36} />
          </>
        )}
        <NumberField
          path={[...path, 'annualPercentOff']}
          label="Annual plan: % off"
          min={0}
          max={90}
          hint="15–20% is usual; empty: no annual option"
          optional
        />
        <DateTimeField
          path={[...path, 'expiresAt']}
          label="Offer expires at"
          hint="Optional, shown to the user"
        />
        <NumberField
          path={[...path, 'expiresInDays']}
          label="Or expires days after first seen"
          min={1}
          max={365}
          optional
        />
      </div>
    </div>
  );
}
