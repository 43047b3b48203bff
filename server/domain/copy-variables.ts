/**
 * Copy variables a campaign names that no account could ever fill, for refusing it when it is saved.
 *
 *   unfillableVariables(definition) → [{ locale, field, variable, message }]   in locale, then field order
 *
 * A name templates.ts does not know never resolves; nor does `offer.annualPrice` without the offer's
 * `annualPercentOff`, nor `offer.expiresAt` without `expiresAt` or `expiresInDays` (the priced offer
 * never carries them), nor any `roi.*` without the campaign's ROI model, nor `roi.valuePerYear`
 * without its hourly rate. A variable only some accounts lack (an attribute, a usage metric) passes here:
 * evaluate.ts refuses the campaign for those accounts at decide time.
 */
import type { CampaignDefinition } from '../../shared/campaign.ts';
import { COPY_FIELDS } from './message.ts';
import { parseTemplate, unknownVariables } from './templates.ts';
import type { CopyField } from './types.ts';

export interface UnfillableVariable {
  locale: string;
  field: CopyField;
  variable: string;
  message: string;
}

function neverHas(variable: string, def: CampaignDefinition): string | undefined {
  const { offer, roi } = def;
  if (variable === 'offer.annualPrice' && offer.annualPercentOff === undefined)
    return 'the offer has no annual plan (set offer.annualPercentOff)';
  if (variable === 'offer.expiresAt' && offer.expiresAt === undefined && offer.expiresInDays === undefined)
    return 'the offer never expires (set offer.expiresAt or offer.expiresInDays)';
  if (variable.startsWith('roi.') && roi === undefined)
    return 'the campaign has no ROI model (set roi.hoursSavedPerSeatPerWeek)';
  if (variable === 'roi.valuePerYear' && roi?.hourlyRate === undefined)
    return 'the ROI model has no hourly rate (set roi.hourlyRate)';
  return undefined;
}

export function unfillableVariables(def: CampaignDefinition): UnfillableVariable[] {
  const found: UnfillableVariable[] = [];
  for (const [locale, copy] of Object.entries(def.content)) {
    for (const field of COPY_FIELDS) {
      const text = copy[field];
      if (text === undefined) continue;
      const unknown = unknownVariables(text);
      for (const variable of unknown) {
        const message = `{{${variable}}} is not a variable the engine can fill`;
        found.push({ locale, field, variable, message });
      }
      for (const variable of new Set(parseTemplate(text).variables)) {
        // An unknown name (`roi.typo`) is already reported above, once.
        const why = unknown.includes(variable) ? undefined : neverHas(variable, def);
        if (why) found.push({ locale, field, variable, message: `{{${variable}}} is never filled: ${why}` });
      }
    }
  }
  return found;
}
