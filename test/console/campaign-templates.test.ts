import { describe, expect, it } from 'vitest';
import { CAMPAIGN_TEMPLATES, type CampaignTemplate } from '../../console/lib/campaign-templates.ts';
import { definitionOf, newCampaignDraft } from '../../console/pages/campaigns/campaign-form.tsx';
import type { CampaignDraft } from '../../console/pages/campaigns/preview-message.ts';
import { unfillableVariables } from '../../server/domain/copy-variables.ts';
import { CampaignDefinition } from '../../shared/campaign.ts';

/** The editor's draft from a template once the product manager has chosen the workspace's product. */
function withProduct(template: CampaignTemplate, productKey: string): CampaignDraft {
  const draft = newCampaignDraft(template);
  const target = draft.target;
  return target?.kind === 'product' || target?.kind === 'tier'
    ? { ...draft, target: { ...target, productKey } }
    : draft;
}

describe('campaign templates', () => {
  it.each(
    CAMPAIGN_TEMPLATES,
  )('$key is a valid campaign definition once its product is chosen, and saves with copy the server can fill', (template) => {
    const parsed = CampaignDefinition.safeParse(definitionOf(withProduct(template, 'seat-pack')));
    expect(parsed.error?.issues).toBeUndefined();
    if (!parsed.success) return;
    // The API refuses, on save, copy naming a variable no account could fill.
    expect(unfillableVariables(parsed.data)).toEqual([]);
    expect(parsed.data).toMatchObject({ name: template.name, motion: template.motion });
    expect(parsed.data.triggers.triggers.length).toBeGreaterThan(0);
  });

  it('leaves the product to the product manager: a template offering one is refused until it is chosen', () => {
    const refused = CAMPAIGN_TEMPLATES.filter((t) => 'productKey' in t.draft.target).map((t) => {
      const parsed = CampaignDefinition.safeParse(definitionOf(newCampaignDraft(t)));
      return [t.key, [...new Set(parsed.error?.issues.map((i) => i.path.join('.')))]];
    });
    expect(refused.length).toBeGreaterThanOrEqual(6);
    for (const [key, paths] of refused) expect([key, paths]).toEqual([key, ['target.productKey']]);
  });

  it('keeps the defaults of the parts a template sets only some of', () => {
    const renewal = CAMPAIGN_TEMPLATES.find((t) => t.key === 'renewal-annual');
    const draft = renewal && newCampaignDraft(renewal);
    expect(draft?.audience).toEqual({ ...newCampaignDraft().audience, lifecycleStages: ['renewal_window'] });
    expect(draft?.offer).toEqual({ annualPercentOff: 15 });
  });

  it('names each template once, with a one-sentence summary', () => {
    const keys = CAMPAIGN_TEMPLATES.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeGreaterThanOrEqual(6);
    for (const t of CAMPAIGN_TEMPLATES) expect(t.summary).toMatch(/^[A-Z][^.]*\.$/);
  });
});
