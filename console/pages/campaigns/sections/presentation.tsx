import type { Format } from '../../../../shared/campaign.ts';
import { ColorField, NumberField, SelectField, TagsField, TextField } from '../../../components/fields.tsx';
import { useField } from '../../../lib/form.ts';
import { FORMATS, positionChoices } from '../../../lib/labels.ts';

export function PresentationSection() {
  const p = (k: string) => ['presentation', k];
  const t = (k: string) => ['presentation', 'theme', k];
  const format = useField<Format>(p('format')).value ?? 'callout';
  const stored = useField<string>(p('position')).value;
  const positions = positionChoices(format);
  // A position the format does not honour is ignored when the message is drawn, so it is shown as
  // the format's default (shared honouredPosition).
  const position = positions?.options.find(([value]) => value === stored)?.[0] ?? positions?.options[0]?.[0];
  return (
    <div>
      <div class="grid">
        <SelectField path={p('format')} label="Format" options={FORMATS} />
        <TextField
          path={p('placement')}
          label="Placement"
          hint="`global`, or the name of a data-attach-slot on the page: inline messages render there, a banner docks there"
        />
        {format === 'tooltip' && (
          <TextField path={p('anchor')} label="Anchor selector" hint="CSS selector of the host element" />
        )}
        {positions && (
          <SelectField
            path={p('position')}
            label={positions.label}
            options={positions.options}
            value={position}
            hint={format === 'banner' ? 'When it does not dock in a slot' : undefined}
          />
        )}
        <TagsField
          path={p('pages')}
          label="Pages"
          hint="Path globs; empty: anywhere"
          placeholder="/reports/*"
        />
      </div>
      <h3>Theme overrides</h3>
      <div class="grid">
        <ColorField path={t('primaryColor')} label="Primary colour" />
        <ColorField path={t('textColor')} label="Text colour" />
        <ColorField path={t('backgroundColor')} label="Background colour" />
        <NumberField
          path={t('radius')}
          label="Corner radius (px)"
          min={0}
          max={24}
          hint="Empty inherits"
          optional
        />
        <TextField path={t('fontFamily')} label="Font family" hint="Empty inherits" />
      </div>
    </div>
  );
}
