import type { CampaignDefinitionInput, Motion } from '../../shared/campaign.ts';

/**
 * What a template sets beyond its name and motion. Target and copy are always set, so the editor never
 * opens a template with nothing to offer or say; the product to offer is left empty for the product
 * manager to choose (the form flags it until they do).
 */
export type TemplateDraft = Pick<CampaignDefinitionInput, 'target' | 'content'> &
  Partial<Omit<CampaignDefinitionInput, 'name' | 'motion' | 'target' | 'content'>>;

/** A play from the attach playbook (docs/domain.md): the trigger that times a motion well, and its copy. */
export interface CampaignTemplate {
  /** In the address: `campaigns/new?template=<key>`. */
  key: string;
  name: string;
  motion: Motion;
  /** When to use it, with the field's rule of thumb behind it. */
  summary: string;
  draft: TemplateDraft;
}

/** The product manager picks the product; an empty key is what the editor's "Choose a product" holds. */
const CHOSEN_PRODUCT = { kind: 'product', productKey: '' } as const;

export const CAMPAIGN_TEMPLATES: readonly CampaignTemplate[] = [
  {
    key: 'capacity',
    name: 'Capacity upsell',
    motion: 'upsell_capacity',
    summary:
      'Accounts at 80–90 % of a quota convert best to more capacity (20–30 %), so this offers more room at 85 % of their seats, before anyone hits the limit.',
    draft: {
      target: CHOSEN_PRODUCT,
      triggers: { type: 'all', triggers: [{ type: 'metric_quota', metric: 'seats', atLeastPercent: 85 }] },
      content: {
        en: {
          title: 'You are using {{usage.seats.percent}}% of your seats',
          body:
            '{{account.name}} has {{usage.seats.value}} of its {{usage.seats.limit}} seats in use. Add ' +
            '**{{product.name}}** for {{offer.price}} a {{offer.interval}} and keep inviting teammates: ' +
            'nothing to migrate, nobody locked out.',
          primaryLabel: 'Add more seats',
        },
      },
    },
  },
  {
    key: 'workaround',
    name: 'Workaround → add-on',
    motion: 'upsell_addon',
    summary:
      'A workaround repeated (here 3 exports within 7 days) is a need an add-on solves, and feature add-ons convert 8–15 % when the prompt sells the time it gives back rather than a feature list.',
    draft: {
      target: CHOSEN_PRODUCT,
      triggers: {
        type: 'all',
        triggers: [
          { type: 'event_count', event: 'report.exported', atLeast: 3, withinDays: 7, scope: 'account' },
        ],
      },
      // A cautious hour a week per seat: the ROI section is where the product manager tunes it.
      roi: { hoursSavedPerSeatPerWeek: 1 },
      content: {
        en: {
          title: 'Your team keeps exporting data by hand',
          body:
            'Three exports in a week add up. **{{product.name}}** does that work for {{account.name}} ' +
            'where your data already lives, for {{offer.price}} a {{offer.interval}} on your current plan.',
          primaryLabel: 'Add it to my plan',
          roiLine:
            'At an hour a week per seat, that is {{roi.hoursPerYear}} hours a year back for your team.',
        },
      },
    },
  },
  {
    key: 'locked-feature',
    name: 'Locked feature → add-on',
    motion: 'upsell_addon',
    summary:
      'A click on a locked premium feature is intent at its peak: answer it on the spot with the price shown and one click to buy, since every extra step costs 20–30 % of conversions.',
    draft: {
      target: CHOSEN_PRODUCT,
      triggers: {
        type: 'all',
        triggers: [{ type: 'event', event: 'locked_feature.clicked', withinDays: 1, scope: 'user' }],
      },
      // The user has just asked for the feature: a modal answers that click rather than interrupting.
      presentation: { format: 'modal' },
      content: {
        en: {
          title: 'Unlock this with {{product.name}}',
          body:
            '{{product.description}} Add it to your plan for {{offer.price}} a {{offer.interval}}: it ' +
            'switches on right away, with nothing to set up again.',
          primaryLabel: 'Unlock it now',
        },
      },
    },
  },
  {
    key: 'milestone',
    name: 'Milestone → complementary module',
    motion: 'cross_sell_complementary',
    summary:
      'Right after a value milestone, such as a first integration going live, users are most open to a module that deepens what they just achieved; complementary cross-sells convert 12–20 %.',
    draft: {
      target: CHOSEN_PRODUCT,
      triggers: { type: 'all', triggers: [{ type: 'milestone', event: 'integration.connected' }] },
      content: {
        en: {
          title: 'Your integration is live: here is what it can do next',
          body:
            '**{{product.name}}** builds on the data now flowing into {{account.name}}. ' +
            '{{product.description}} Add it for {{offer.price}} a {{offer.interval}}.',
          primaryLabel: 'Add it now',
        },
      },
    },
  },
  {
    key: 'renewal-annual',
    name: 'Renewal → annual plan',
    motion: 'upsell_addon',
    summary:
      'The renewal window is when budgets are set, so this offers the add-on on an annual plan at 15 % off, within the usual 15–20 % (under 10 % does not move people).',
    draft: {
      target: CHOSEN_PRODUCT,
      audience: { lifecycleStages: ['renewal_window'] },
      triggers: { type: 'all', triggers: [{ type: 'renewal_within', days: 60 }] },
      offer: { annualPercentOff: 15 },
      content: {
        en: {
          title: 'Add {{product.name}} to your renewal and save',
          body:
            '{{account.name}} renews soon. Take **{{product.name}}** on an annual plan for ' +
            '{{offer.annualPrice}} a year, less than paying {{offer.listPrice}} a {{offer.interval}}.',
          primaryLabel: 'Add it on the annual plan',
        },
      },
    },
  },
  {
    key: 'tier-upgrade',
    name: 'Tier upgrade for growing teams',
    motion: 'upsell_tier',
    summary:
      'A team that keeps growing outgrows its tier: offer the next plan when it invites colleagues or nears its seat limit, as tier upgrades convert 15–25 % a year.',
    draft: {
      target: { kind: 'tier', toPlan: 'professional', productKey: '', fromPlans: ['starter'] },
      // domain.md: prefer accounts whose usage is growing, with the core in habitual use.
      audience: { lifecycleStages: ['engaged'] },
      triggers: {
        type: 'any',
        triggers: [
          { type: 'metric_quota', metric: 'seats', atLeastPercent: 80 },
          { type: 'event_count', event: 'user.invited', atLeast: 3, withinDays: 30, scope: 'account' },
        ],
      },
      content: {
        en: {
          title: 'Your team is outgrowing its plan',
          body:
            '{{account.name}} now has {{account.seats}} seats. **{{product.name}}** gives a growing team ' +
            'more room and more control for {{offer.price}} a {{offer.interval}}, and everything you have ' +
            'set up stays as it is.',
          primaryLabel: 'Upgrade my plan',
        },
      },
    },
  },
  {
    key: 'guided-trial',
    name: 'Guided trial of an adjacent product',
    motion: 'cross_sell_adjacent',
    summary:
      'Guided trials convert 40–60 % when they follow a week-by-week plan with 2–3 success criteria agreed up front, so this offers a neighbouring product as a 3-week trial once the core is in habitual use.',
    draft: {
      target: CHOSEN_PRODUCT,
      audience: { lifecycleStages: ['engaged'] },
      triggers: { type: 'all', triggers: [{ type: 'days_since_first_purchase', atLeast: 30 }] },
      // Steps and criteria name no event yet: the product manager binds each to one of their product's.
      trial: {
        enabled: true,
        days: 21,
        plan: {
          weeks: [
            {
              week: 1,
              title: 'Set up',
              steps: [{ id: 'connect', title: 'Connect the data you already use' }],
            },
            {
              week: 2,
              title: 'First use case',
              steps: [{ id: 'first-use', title: 'Use it on one real piece of work' }],
            },
            {
              week: 3,
              title: 'Value review',
              steps: [{ id: 'review', title: 'Review with your team what it changed' }],
            },
          ],
          successCriteria: [
            { id: 'real-work', title: 'Used on real work three times', count: 3 },
            { id: 'teammate', title: 'A teammate used it too', count: 1 },
            { id: 'shared', title: 'A result shared with your team', count: 1 },
          ],
        },
      },
      content: {
        en: {
          title: 'Try {{product.name}} with a guided trial',
          body:
            '{{product.description}} You get a week-by-week plan (set up, a first real use case, then a ' +
            'review of what it changed) and decide with the results in hand. Keep it, and nothing needs ' +
            'setting up again.',
          primaryLabel: 'Start the guided trial',
          secondaryLabel: 'Buy now',
        },
      },
    },
  },
  {
    key: 'next-best',
    name: 'Next best product',
    motion: 'cross_sell_adjacent',
    summary:
      'Offers each account the product most often bought with what it owns, only where affinity is real: an attach rate near 40 % is strong, near 5 % weak, and a lift above 1 means owning one raises the odds of the other.',
    draft: {
      target: { kind: 'next_best', minConfidence: 0.3, minLift: 1.5, candidates: [] },
      audience: { lifecycleStages: ['engaged'] },
      triggers: { type: 'all', triggers: [{ type: 'days_since_first_purchase', atLeast: 60 }] },
      // A suggestion nobody asked for waits in the inbox rather than interrupting work.
      presentation: { format: 'inbox' },
      content: {
        en: {
          title: 'Teams like {{account.name}} also use {{product.name}}',
          body: '{{product.description}} It works with what you have already set up, with nothing to migrate.',
          primaryLabel: 'See the offer',
        },
      },
    },
  },
];

/** The template a `?template=` names; none for a key no template has. */
export const campaignTemplate = (key: string): CampaignTemplate | undefined =>
  CAMPAIGN_TEMPLATES.find((t) => t.key === key);
