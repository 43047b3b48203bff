import type { NetRevenueRetention, RetentionCohort } from '../../../shared/analytics.ts';
import { TableWrap } from '../../components/table-wrap.tsx';
import { benchmarkVerdict } from '../../lib/benchmark.ts';
import { date, money, num, pct, pointSpan, points } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';
import type { AnalyticsFilters } from './filters.tsx';
import { Unavailable } from './unavailable.tsx';

/**
 * Net revenue retention of single- vs multi-product customers: the case for cross-selling in one
 * figure, since customers on two or more products are expected to keep (and grow) more of their MRR.
 */
export function NetRevenueRetentionCard({ filters }: { filters: AnalyticsFilters }) {
  const nrr = useResource<NetRevenueRetention>(`/v1/admin/analytics/net-revenue-retention?${filters.qs}`);
  const n = nrr.data;
  // Without a catalogue currency the amounts are still minor units; show them in major units, bare.
  const mrr = (amount: number) => (n?.currency ? money(amount, n.currency) : num(amount / 100));
  const cohorts: Array<[string, RetentionCohort]> = n
    ? [
        ['Single-product customers', n.single],
        ['Multi-product customers (2+ products)', n.multi],
        ['All customers', n.all],
      ]
    : [];
  return (
    <section class="card" aria-labelledby="nrr-title">
      <h2 id="nrr-title">Net revenue retention (12 months)</h2>
      {n && (
        <>
          <p class="muted small">
            The MRR the accounts paying on {date(n.from)} bring on {date(n.to)}, as a share of what they
            brought then: expansion, contraction and churn together; accounts that started paying since are
            left out. MRR at list prices; multi-product = 2+ paid products on {date(n.from)}.{' '}
            {filters.slice ? `Only accounts of ${filters.slice}` : 'All accounts'}; always 12 months whatever
            the period, and the motion filter does not apply: it is a figure of the whole portfolio.
          </p>
          <TableWrap label="Retention by number of products">
            <table>
              <thead>
                <tr>
                  <th scope="col">Customers</th>
                  <th scope="col" class="num">
                    Accounts
                  </th>
                  <th scope="col" class="num">
                    MRR then
                  </th>
                  <th scope="col" class="num">
                    MRR now
                  </th>
                  <th scope="col" class="num">
                    NRR
                  </th>
                </tr>
              </thead>
              <tbody>
                {cohorts.map(([label, c]) => (
                  <tr key={label}>
                    <th scope="row">{label}</th>
                    <td class="num">{num(c.accounts)}</td>
                    <td class="num">{mrr(c.startMrr)}</td>
                    <td class="num">{mrr(c.endMrr)}</td>
                    <td class="num">{pct(c.nrr)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {n.multiProductPremium === null ? (
            <p>
              No multi-product premium yet: it needs both single- and multi-product customers paying on{' '}
              {date(n.from)}. Multi-product customers typically retain{' '}
              {pointSpan(n.benchmark.low, n.benchmark.high)} more.
            </p>
          ) : (
            <p>
              Multi-product premium: <strong>{points(n.multiProductPremium)}</strong> over single-product
              customers; {pointSpan(n.benchmark.low, n.benchmark.high)} typical{' '}
              <span class={`badge ${benchmarkVerdict(n.multiProductPremium, n.benchmark)}`}>
                {benchmarkVerdict(n.multiProductPremium, n.benchmark)}
              </span>
            </p>
          )}
        </>
      )}
      <Unavailable what="Net revenue retention" error={nrr.error} />
    </section>
  );
}
