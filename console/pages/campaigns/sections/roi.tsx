import { useContext } from 'preact/hooks';
import { MoneyField, NumberField, PresenceField, TextField } from '../../../components/fields.tsx';
import { FormContext, getIn } from '../../../lib/form.ts';

/** The ROI model the server computes `{{roi.*}}` copy variables from, with each account's seats. */
export function RoiSection() {
  const form = useContext(FormContext);
  const roi = getIn(form.value, ['roi']);
  const rate = getIn(form.value, ['roi', 'hourlyRate']);
  return (
    <div>
      <PresenceField path={['roi']} label="Compute ROI for the copy" on={{ hoursSavedPerSeatPerWeek: 1 }} />
      {roi !== undefined && (
        <>
          <div class="grid">
            <NumberField
              path={['roi', 'hoursSavedPerSeatPerWeek']}
              label="Hours saved per seat per week"
              step="any"
              min={0}
              max={40}
              hint="× the account's seats × 52 gives {{roi.hoursPerYear}}"
            />
          </div>
          <PresenceField
            path={['roi', 'hourlyRate']}
            label="Value the hours saved"
            on={{ amount: 5_000, currency: 'USD' }}
          />
          {rate !== undefined && (
            <div class="grid">
              <MoneyField
                path={['roi', 'hourlyRate', 'amount']}
                label="Hourly rate"
                currency={(rate as { currency?: string }).currency}
                hint="× hours per year gives {{roi.valuePerYear}}"
              />
              <TextField path={['roi', 'hourlyRate', 'currency']} label="Rate currency" placeholder="USD" />
            </div>
          )}
        </>
      )}
    </div>
  );
}
