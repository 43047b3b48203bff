import { CampaignDefinition, type CampaignDefinitionInput } from '../../shared/campaign.ts';

/**
 * Fixed ids: the holdout persona is chosen against the capacity campaign's id, and docs, tests and
 * screenshots can name the campaigns.
 */
export const DEMO_CAMPAIGN_IDS = {
  capacity: '0d3e0000-0000-4000-8000-000000000001',
  automation: '0d3e0000-0000-4000-8000-000000000002',
  nextBest: '0d3e0000-0000-4000-8000-000000000003',
  enterpriseSso: '0d3e0000-0000-4000-8000-000000000004',
  aiTrial: '0d3e0000-0000-4000-8000-000000000005',
  starterUpgrade: '0d3e0000-0000-4000-8000-000000000006',
} as const;

/**
 * Visitors switch personas and reload again and again; the usual one-prompt-a-day spacing would
 * show each prompt once and then nothing. Dismissals still count, as in production.
 */
const DEMO_FREQUENCY = {
  maxImpressionsPerUser: 100,
  minIntervalHours: 0,
  stopAfterDismissals: 3,
  dismissCooldownDays: 1,
};

/** The moment to sell room: either quota at 85 % (the capacity and the tier upgrade campaigns). */
const AT_85_PERCENT_OF_A_QUOTA: CampaignDefinitionInput['triggers'] = {
  type: 'any',
  triggers: [
    { type: 'metric_quota', metric: 'dashboards', atLeastPercent: 85 },
    { type: 'metric_quota', metric: 'data_rows_millions', atLeastPercent: 85 },
  ],
};

const capacity: CampaignDefinitionInput = {
  name: 'Capacity Pack at 85% of a quota',
  motion: 'upsell_capacity',
  priority: 80,
  target: { kind: 'product', productKey: 'capacity-pack' },
  audience: { segments: ['smb', 'mid_market'], ownsNone: ['capacity-pack'] },
  triggers: AT_85_PERCENT_OF_A_QUOTA,
  presentation: { format: 'callout', placement: 'global' },
  content: {
    en: {
      title: 'You are close to your plan limits',
      body:
        '{{account.name}} uses {{usage.dashboards.value}} of {{usage.dashboards.limit}} dashboards. Add the ' +
        '**Capacity Pack** for 400 more dashboards and 50M more rows — nothing to migrate.',
      primaryLabel: 'Add capacity',
    },
    de: {
      title: 'Sie erreichen bald Ihr Dashboard-Limit',
      body: 'Mit dem **Capacity Pack** erhalten Sie 400 Dashboards und 50 Mio. Zeilen mehr.',
      primaryLabel: 'Kapazität erweitern',
    },
  },
  offer: { annualPercentOff: 15 },
  holdout: { percent: 10 },
  frequency: DEMO_FREQUENCY,
};

/**
 * A tier upgrade: a Starter team at a quota is worth more on Professional than with a Capacity Pack,
 * so it outranks the capacity campaign for them. The Starter plan's price is credited.
 */
const starterUpgrade: CampaignDefinitionInput = {
  name: 'Starter at its limits → Professional',
  motion: 'upsell_tier',
  priority: 90,
  target: { kind: 'tier', toPlan: 'professional', productKey: 'lumen-professional', fromPlans: ['starter'] },
  triggers: AT_85_PERCENT_OF_A_QUOTA,
  presentation: { format: 'callout', placement: 'global' },
  content: {
    en: {
      title: 'Your team has outgrown Starter',
      body:
        '{{account.name}} uses {{usage.dashboards.value}} of the {{usage.dashboards.limit}} dashboards Starter ' +
        'includes. **Lumen Professional** has room for 100 dashboards and 50M rows, and what you pay for ' +
        'Starter is credited.',
      primaryLabel: 'Upgrade to Professional',
    },
  },
  holdout: { percent: 10 },
  frequency: DEMO_FREQUENCY,
};

const automation: CampaignDefinitionInput = {
  name: 'Exports every day → Automation',
  motion: 'cross_sell_complementary',
  priority: 70,
  target: { kind: 'product', productKey: 'automation' },
  audience: { ownsNone: ['automation'] },
  triggers: {
    type: 'all',
    triggers: [
      { type: 'event_count', event: 'report.exported', atLeast: 3, withinDays: 7, scope: 'account' },
    ],
  },
  // Docked in the page's `data-attach-slot="top"` under its header, so it never covers the navigation.
  presentation: { format: 'banner', placement: 'top' },
  content: {
    en: {
      title: 'Your team exported reports by hand this week',
      body: 'Let **Automation** send them on a schedule to email, Slack or S3 instead.',
      primaryLabel: 'Start a 14-day trial',
      secondaryLabel: 'Buy now',
      roiLine: 'About 5 h a week of manual exports at $75/h is $19,500 a year; Automation is $1,788.',
    },
  },
  // A copy experiment: the time it gives back against what it does (Analytics › Copy experiment).
  variants: [
    {
      key: 'time-back',
      percent: 50,
      content: {
        en: {
          title: 'Get back the 5 hours a week your team spends exporting',
          body: '**Automation** delivers your reports on a schedule — to email, Slack or S3 — so nobody exports by hand.',
          primaryLabel: 'Start a 14-day trial',
          secondaryLabel: 'Buy now',
          roiLine: 'About 5 h a week of manual exports at $75/h is $19,500 a year; Automation is $1,788.',
        },
      },
    },
  ],
  offer: { intro: { percent: 50, months: 3 } },
  trial: {
    enabled: true,
    days: 14,
    plan: {
      weeks: [
        {
          week: 1,
          title: 'Set up',
          steps: [
            { id: 'first-schedule', title: 'Schedule your most exported report', event: 'report.scheduled' },
          ],
        },
        {
          week: 2,
          title: 'Make it a habit',
          steps: [{ id: 'first-alert', title: 'Add an alert to a dashboard', event: 'alert.created' }],
        },
      ],
      successCriteria: [
        {
          id: 'three-schedules',
          title: 'Three reports delivered on schedule',
          event: 'report.delivered',
          count: 3,
        },
        { id: 'fewer-exports', title: 'One alert received by your team', event: 'alert.triggered', count: 1 },
      ],
    },
  },
  holdout: { percent: 10 },
  frequency: DEMO_FREQUENCY,
};

const nextBest: CampaignDefinitionInput = {
  name: 'Next best product on the billing page',
  motion: 'cross_sell_adjacent',
  priority: 40,
  target: {
    kind: 'next_best',
    minConfidence: 0.2,
    minLift: 1.2,
    candidates: ['warehouse-sync', 'automation', 'ai-insights', 'capacity-pack'],
  },
  audience: { segments: ['smb', 'mid_market'] },
  presentation: { format: 'inline', placement: 'billing', pages: ['/demo/settings*'] },
  content: {
    en: {
      title: 'Teams like yours add {{product.name}}',
      body: '{{product.description}} Most accounts with your set-up added it within a quarter.',
      primaryLabel: 'See the offer',
    },
  },
  offer: { annualPercentOff: 20 },
  holdout: { percent: 10 },
  frequency: DEMO_FREQUENCY,
};

const enterpriseSso: CampaignDefinitionInput = {
  name: 'Enterprise security review → sales',
  motion: 'cross_sell_platform',
  priority: 60,
  target: { kind: 'product', productKey: 'sso-security' },
  audience: { segments: ['enterprise'], ownsNone: ['sso-security'] },
  triggers: { type: 'all', triggers: [{ type: 'days_since_signup', atLeast: 30 }] },
  presentation: { format: 'callout', placement: 'global' },
  content: {
    en: {
      title: 'SSO and audit logs for your whole organisation',
      body: 'Your account team can set up SAML SSO, SCIM and data residency with you.',
      primaryLabel: 'Talk to us',
    },
  },
  routing: { rules: [{ channel: 'sales', segments: ['enterprise'] }] },
  holdout: { percent: 10 },
  frequency: DEMO_FREQUENCY,
};

const aiTrial: CampaignDefinitionInput = {
  name: 'AI Insights guided trial',
  motion: 'upsell_addon',
  priority: 50,
  target: { kind: 'product', productKey: 'ai-insights' },
  audience: { segments: ['smb', 'mid_market'], ownsAll: ['warehouse-sync'], ownsNone: ['ai-insights'] },
  triggers: { type: 'all', triggers: [{ type: 'milestone', event: 'dashboard.created' }] },
  presentation: { format: 'tooltip', placement: 'global', anchor: '#ai-insights-button', position: 'bottom' },
  content: {
    en: {
      title: 'Ask your warehouse why a metric moved',
      body: 'AI Insights explains anomalies in plain language. Try it free for 21 days.',
      primaryLabel: 'Start the guided trial',
    },
  },
  trial: {
    enabled: true,
    days: 21,
    plan: {
      weeks: [
        {
          week: 1,
          title: 'Connect',
          steps: [
            { id: 'enable-model', title: 'Turn on insights for one synced table', event: 'insights.enabled' },
          ],
        },
        {
          week: 2,
          title: 'First use case',
          steps: [{ id: 'first-explain', title: 'Explain a metric change', event: 'insights.explained' }],
        },
        {
          week: 3,
          title: 'Value review',
          steps: [
            { id: 'share-insight', title: 'Share an insight with your team', event: 'insights.shared' },
          ],
        },
      ],
      successCriteria: [
        { id: 'five-explains', title: 'Five anomalies explained', event: 'insights.explained', count: 5 },
        { id: 'shared', title: 'An insight shared with a colleague', event: 'insights.shared', count: 1 },
        { id: 'alert', title: 'One anomaly alert acted on', event: 'insights.alert_opened', count: 1 },
      ],
    },
  },
  holdout: { percent: 10 },
  frequency: DEMO_FREQUENCY,
};

export const DEMO_CAMPAIGNS: ReadonlyArray<{ id: string; definition: CampaignDefinition }> = [
  { id: DEMO_CAMPAIGN_IDS.capacity, definition: CampaignDefinition.parse(capacity) },
  { id: DEMO_CAMPAIGN_IDS.automation, definition: CampaignDefinition.parse(automation) },
  { id: DEMO_CAMPAIGN_IDS.nextBest, definition: CampaignDefinition.parse(nextBest) },
  { id: DEMO_CAMPAIGN_IDS.enterpriseSso, definition: CampaignDefinition.parse(enterpriseSso) },
  { id: DEMO_CAMPAIGN_IDS.aiTrial, definition: CampaignDefinition.parse(aiTrial) },
  { id: DEMO_CAMPAIGN_IDS.starterUpgrade, definition: CampaignDefinition.parse(starterUpgrade) },
];
