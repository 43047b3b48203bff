import { useMemo } from 'preact/hooks';
import type { AffinitySnapshot } from '../../../shared/affinity.ts';
import type { CampaignLift, MotionConversion, PortfolioMetrics } from '../../../shared/analytics.ts';
import type { CampaignListItem } from '../../../shared/campaign.ts';
import type { Product } from '../../../shared/catalog.ts';
import type { VocabularyPage } from '../../../shared/vocabulary.ts';
import { routeParams, useCurrentRoute } from '../../lib/router.ts';
import { useEveryPage, useResource } from '../../lib/use-resource.ts';
import { AffinityHeatmap } from './affinity-heatmap.tsx';
import { AfterPurchase } from './after-purchase.tsx';
import { FunnelPanel, LiftTable, MotionTable } from './campaign-results.tsx';
import { analyticsFilters, FilterBar } from './filters.tsx';
import { MrrMovementsCard } from './mrr-movements.tsx';
import { NetRevenueRetentionCard } from './net-revenue-retention.tsx';
import { PortfolioCharts } from './portfolio.tsx';
import { Unavailable } from './unavailable.tsx';

export function AnalyticsPage() {
  const { query } = routeParams(useCurrentRoute());
  const selected = query.get('campaign') ?? undefined;
  const filters = analyticsFilters(query);
  const campaigns = useEveryPage<CampaignListItem>('/v1/admin/campaigns?limit=200');
  const affinity = useResource<AffinitySnapshot>('/v1/admin/affinity');
  // The plans the host has synced accounts on: the plan filter's choices.
  const plans = useResource<VocabularyPage>('/v1/admin/vocabulary/plan?limit=100');
  const portfolio = useResource<PortfolioMetrics>(`/v1/admin/analytics/portfolio?${filters.qs}`);
  const lift = useResource<{ data: CampaignLift[] }>(`/v1/admin/analytics/lift?${filters.qs}`);
  const motions = useResource<{ data: MotionConversion[] }>(`/v1/admin/analytics/motions?${filters.qs}`);
  const products = useEveryPage<Product>('/v1/admin/products?limit=200');
  const catalog = useMemo(
    () =>
      new Map(
        (products.data?.data ?? []).map((p) => [p.key, { name: p.name, prerequisites: p.prerequisites }]),
      ),
    [products.data],
  );
  return (
    <section>
      <h1>Analytics</h1>
      <FilterBar
        query={query}
        filters={filters}
        segments={Object.keys(affinity.data?.segments ?? {})}
        plans={(plans.data?.data ?? []).map((p) => p.name)}
      />
      <p>
        {/* The same filters, every campaign: for a spreadsheet, or to share the figures. */}
        <a class="button" href={`/v1/admin/analytics/campaigns.csv?${filters.qs}`} download>
          Download campaign results (CSV)
        </a>
      </p>
      {campaigns.data && campaigns.data.data.length > 0 && (
        <FunnelPanel campaigns={campaigns.data.data} selected={selected} query={query} filters={filters} />
      )}
      {lift.data && <LiftTable rows={lift.data.data} scope={filters.scope} />}
      <Unavailable what="Holdout lift" error={lift.error} />
      {motions.data && <MotionTable rows={motions.data.data} scope={filters.scope} />}
      <Unavailable what="Conversion by motion" error={motions.error} />
      <AfterPurchase filters={filters} />
      {affinity.data && (
        <AffinityHeatmap snapshot={affinity.data} segment={filters.segment} catalog={catalog} />
      )}
      <Unavailable what="Affinity" error={affinity.error} />
      {portfolio.data && <PortfolioCharts metrics={portfolio.data} />}
      <Unavailable what="Portfolio" error={portfolio.error} />
      <MrrMovementsCard filters={filters} />
      <NetRevenueRetentionCard filters={filters} />
    </section>
  );
}
