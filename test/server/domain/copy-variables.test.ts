import { describe, expect, it } from 'vitest';
import { unfillableVariables } from '../../../server/domain/copy-variables.ts';
import { CampaignDefinition, type CampaignDefinitionInput } from '../../../shared/campaign.ts';

const definition = (input: Partial<CampaignDefinitionInput>) =>
  CampaignDefinition.parse({
    name: 'Reports add-on',
    motion: 'upsell_addon',
    target: { kind: 'product', productKey: 'reports' },
    content: { en: { title: 'Automate your reports' } },
    ...input,
  });

describe('unfillableVariables', () => {
  it('names the locale, field and variable of every unknown variable in every copy field', () => {
    const def = definition({
      content: {
        en: { title: 'Hi {{account.name}}', body: '{{offer.prize}}', primaryLabel: '{{ user.role }}' },
        de: {
          title: 'Hallo',
          secondaryLabel: '{{later}}',
          roiLine: '{{account.attributes.hours | 5}} h',
          imageUrl: 'https://example.com/{{x}}.png',
        },
      },
    });
    expect(unfillableVariables(def).map(({ locale, field, variable }) => [locale, field, variable])).toEqual([
      ['en', 'body', 'offer.prize'],
      ['de', 'secondaryLabel', 'later'],
      ['de', 'roiLine', 'account.attributes.hours | 5'],
    ]);
    expect(unfillableVariables(def)[0]?.message).toBe(
      '{{offer.prize}} is not a variable the engine can fill',
    );
  });

  it('refuses offer variables the offer terms never produce, and accepts them once the terms do', () => {
    const content = { en: { title: '{{offer.annualPrice}} a year', body: 'Ends {{offer.expiresAt}}' } };
    expect(unfillableVariables(definition({ content })).map((v) => v.message)).toEqual([
      '{{offer.annualPrice}} is never filled: the offer has no annual plan (set offer.annualPercentOff)',
      '{{offer.expiresAt}} is never filled: the offer never expires (set offer.expiresAt or offer.expiresInDays)',
    ]);
    const offer = { annualPercentOff: 15, expiresInDays: 7 };
    expect(unfillableVariables(definition({ content, offer }))).toEqual([]);
  });

  it('refuses ROI variables without an ROI model, and the yearly value without an hourly rate', () => {
    const content = {
      en: { title: 'Save {{roi.hoursPerYear}} h', roiLine: 'Worth {{roi.valuePerYear}} ({{roi.typo}})' },
    };
    expect(
      unfillableVariables(definition({ content })).map(({ field, message }) => [field, message]),
    ).toEqual([
      [
        'title',
        '{{roi.hoursPerYear}} is never filled: the campaign has no ROI model (set roi.hoursSavedPerSeatPerWeek)',
      ],
      ['roiLine', '{{roi.typo}} is not a variable the engine can fill'],
      [
        'roiLine',
        '{{roi.valuePerYear}} is never filled: the campaign has no ROI model (set roi.hoursSavedPerSeatPerWeek)',
      ],
    ]);
    const noRate = definition({ content, roi: { hoursSavedPerSeatPerWeek: 5 } });
    expect(unfillableVariables(noRate).map((v) => v.message)).toEqual([
      '{{roi.typo}} is not a variable the engine can fill',
      '{{roi.valuePerYear}} is never filled: the ROI model has no hourly rate (set roi.hourlyRate)',
    ]);
    const rated = { hoursSavedPerSeatPerWeek: 5, hourlyRate: { amount: 7_500, currency: 'USD' } };
    expect(unfillableVariables(definition({ content, roi: rated })).map((v) => v.variable)).toEqual([
      'roi.typo',
    ]);
  });

  it('accepts variables only some accounts lack: decide checks those per account', () => {
    const content = {
      en: { title: '{{usage.seats.percent}}% of seats', roiLine: '{{account.attributes.roi_hours}} h' },
    };
    expect(unfillableVariables(definition({ content }))).toEqual([]);
  });
});
