import type { MrrMovements } from '../../../shared/analytics.ts';
import { TableWrap } from '../../components/table-wrap.tsx';
import { money, num, pct } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';
import type { AnalyticsFilters } from './filters.tsx';
import { Unavailable } from './unavailable.tsx';

/** A UTC day: the months run from one UTC midnight to the next, whatever the reader's zone. */
const utcDay = (ms: number) =>
  new Date(ms).toLocaleDateString('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

/**
 * How the paying accounts' MRR moved month by month, and the expansion velocity: how fast existing
 * customers grow what they pay, the pace the prompts are meant to raise.
 */
export function MrrMovementsCard({ filters }: { filters: AnalyticsFilters }) {
  const movements = useResource<MrrMovements>(`/v1/admin/analytics/mrr-movements?${filters.qs}`);
  const m = movements.data;
  // Without a catalogue currency the amounts are still minor units; show them in major units, bare.
  const mrr = (amount: number) => (m?.currency ? money(amount, m.currency) : num(amount / 100));
  const signed = (amount: number, sign: '+' | '−') => (amount === 0 ? mrr(0) : `${sign}${mrr(amount)}`);
  return (
    <section class="card" aria-labelledby="mrr-movements-title">
      <h2 id="mrr-movements-title">MRR movements and expansion velocity</h2>
      {m && (
        <>
          <p>
            Expansion velocity: <strong>{pct(m.expansionVelocity)}</strong> a month — the MRR existing
            customers added, as a share of what they paid.
          </p>
          <p class="muted small">
            MRR at list prices. New: accounts that paid nothing at the month's start; expansion and
            contraction: accounts that paid more or less at its end (a plan swapped for another counts the
            difference); churned: accounts that pay nothing any more. Rates are per month of time, so a
            partial first or last month compares with whole ones.{' '}
            {filters.slice ? `Only accounts of ${filters.slice}, as they are now` : 'All accounts'}; the
            motion filter does not apply: it is a figure of the whole portfolio.
          </p>
          <TableWrap label="MRR movements by month">
            <table>
              <thead>
                <tr>
                  <th scope="col">Period</th>
                  <th scope="col" class="num">
                    MRR at start
                  </th>
                  <th scope="col" class="num">
                    New
                  </th>
                  <th scope="col" class="num">
                    Expansion
                  </th>
                  <th scope="col" class="num">
                    Contraction
                  </th>
                  <th scope="col" class="num">
                    Churned
                  </th>
                  <th scope="col" class="num">
                    MRR at end
                  </th>
                  <th scope="col" class="num">
                    Expansion rate
                  </th>
                </tr>
              </thead>
              <tbody>
                {m.months.map((row) => (
                  <tr key={row.from}>
                    <th scope="row">
                      {utcDay(Date.parse(row.from))} – {utcDay(Date.parse(row.to) - 1)}
                    </th>
                    <td class="num">{mrr(row.startMrr)}</td>
                    <td class="num">{signed(row.newMrr, '+')}</td>
                    <td class="num">{signed(row.expansionMrr, '+')}</td>
                    <td class="num">{signed(row.contractionMrr, '−')}</td>
                    <td class="num">{signed(row.churnedMrr, '−')}</td>
                    <td class="num">{mrr(row.endMrr)}</td>
                    <td class="num">{pct(row.expansionRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      <Unavailable what="MRR movements" error={movements.error} />
    </section>
  );
}
