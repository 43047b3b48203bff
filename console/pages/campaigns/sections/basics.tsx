import { NumberField, SelectField, TextField } from '../../../components/fields.tsx';
import { MOTIONS } from '../../../lib/labels.ts';

export function BasicsSection() {
  return (
    <div class="grid">
      <TextField path={['name']} label="Name" hint="Shown in the console only" />
      <SelectField path={['motion']} label="Motion" options={MOTIONS} empty="Choose a motion" />
      <NumberField
        path={['priority']}
        label="Priority"
        min={0}
        max={100}
        hint="0–100; higher wins when several are eligible"
      />
    </div>
  );
}
