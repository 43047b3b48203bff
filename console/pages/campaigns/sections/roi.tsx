import { useContext } from 'preact/hooks';
import { NumberField, TextField } from '../../../components/fields.tsx';
import { FormContext, getIn } from '../../../lib/form.ts';

/** The ROI model the server computes `{{roi.*}}` copy variables from, with each account's seats. */
export function RoiSection() {
  const form = useContext(FormContext);
  const roi = getIn(form.value, ['roi']);
  const rate = getIn(form.value, ['roi', 'hourlyRate']);
  return (
    <div>
      <div class="field check">
        <input
          id="f-roi-on"
          type="checkbox"
          checked={roi !== undefined}
          disabled={form.readOnly}
          onChange={(e) =>
            form.set(['roi'], e.currentTarget.checked ? { hoursSavedPerSeatPerWeek: 1 } : undefined)
          }
        />
        <label for="f-roi-on">Compute ROI for the copy</label>
      </div>
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
          <div class="field check">
            <input
              id="f-roi-rate-on"
              type="checkbox"
              checked={rate !== undefined}
              disabled={form.readOnly}
              onChange={(e) =>
                form.set(
                  ['roi', 'hourlyRate'],
                  e.currentTarget.checked ? { amount: 5_000, currency: 'USD' } : undefined,
                )
              }
            />
            <label for="f-roi-rate-on">Value the hours saved</label>
          </div>
          {rate !== undefined && (
            <div class="grid">
              <NumberField
                path={['roi', 'hourlyRate', 'amount']}
                label="Hourly rate (cents)"
                min={0}
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
