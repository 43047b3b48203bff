import { ColorField, NumberField, SelectField, TagsField, TextField } from '../../../components/fields.tsx';
import { FORMATS, POSITIONS } from '../../../lib/labels.ts';

export function PresentationSection() {
  const p = (k: string) => ['presentation', k];
  const t = (k: string) => ['presentation', 'theme', k];
  return (
    <div>
      <div class="grid">
        <SelectField path={p('format')} label="Format" options={FORMATS} />
        <TextField
          path={p('placement')}
          label="Placement"
          hint="`global`, or the data-attach-slot name for inline"
        />
        <TextField
          path={p('anchor')}
          label="Anchor selector"
          hint="Tooltips: CSS selector of the host element"
        />
        <SelectField path={p('position')} label="Position" options={POSITIONS} empty="Default" />
        <TagsField
          path={p('pages')}
          label="Pages"
          hint="Path globs; empty: anywhere"
          placeholder="/reports/*"
        />
      </div>
      <h4>Theme overrides</h4>
      <div class="grid">
        <ColorField path={t('primaryColor')} label="Primary colour" />
        <ColorField path={t('textColor')} label="Text colour" />
        <ColorField path={t('backgroundColor')} label="Background colour" />
        <NumberField path={t('radius')} label="Corner radius (px)" min={0} max={24} hint="Empty inherits" />
        <TextField path={t('fontFamily')} label="Font family" hint="Empty inherits" />
      </div>
    </div>
  );
}
