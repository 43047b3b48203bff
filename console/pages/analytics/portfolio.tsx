import { useMemo } from 'preact/hooks';
import type { PortfolioMetrics } from '../../../shared/analytics.ts';
import { type ChartSeries, TimeChart } from '../../components/chart.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { compactMoney, money, num, pct } from '../../lib/format.ts';

const seconds = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 1000);
/** Whether a `YYYY-MM-DD` point is the last day of its month (a closed month). */
export const isMonthEnd = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).getUTCDate() === 1;
const shortDate = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

/** Portfolio health over time: products per customer, revenue mix, expansion MRR, time to second product. */
export function PortfolioCharts({ metrics }: { metrics: PortfolioMetrics }) {
  const charts = useMemo(() => {
    const p = metrics.points;
    const times = p.map((x) => seconds(x.date));
    const series = (
      label: string,
      color: string,
      values: Array<number | null>,
      format: (v: number) => string,
    ): ChartSeries => ({
      label,
      color,
      values,
      format,
    });
    return {
      times,
      products: [
        series(
          'Mean',
          '#4338ca',
          p.map((x) => x.productsPerCustomerMean),
          num,
        ),
        series(
          'Median',
          '#0e9384',
          p.map((x) => x.productsPerCustomerMedian),
          num,
        ),
      ],
      mix: [
        series(
          'Revenue from 2+ product customers',
          '#4338ca',
          p.map((x) => x.multiProductRevenueShare),
          pct,
        ),
      ],
      expansion: [
        {
          ...series(
            'Expansion MRR',
            '#067647',
            p.map((x) => x.expansionMrr),
            (v) => money(v, metrics.currency),
          ),
          tick: (v: number) => compactMoney(v, metrics.currency),
        },
      ],
      second: [
        series(
          'Median days to 2nd product',
          '#b54708',
          p.map((x) => x.timeToSecondProductDays),
          (v) => `${num(v)} d`,
        ),
      ],
    };
  }, [metrics]);
  const last = metrics.points.at(-1)?.date;
  return (
    <section aria-labelledby="portfolio-title">
      <h2 id="portfolio-title">Portfolio</h2>
      {last && !isMonthEnd(last) && (
        <p class="muted small">
          Each point is the state at a month's end; the last one is the month so far (to {shortDate(last)}),
          so its expansion MRR is still adding up.
        </p>
      )}
      <div class="charts">
        <TimeChart title="Products per customer" times={charts.times} series={charts.products} />
        <TimeChart
          title="Multi-product revenue mix (healthy: 50–70 %)"
          times={charts.times}
          series={charts.mix}
        />
        <TimeChart title="Expansion MRR" times={charts.times} series={charts.expansion} />
        <TimeChart title="Time to second product" times={charts.times} series={charts.second} />
      </div>
      {metrics.distribution.length > 0 && (
        <TableWrap label="Customers by number of products">
          <table>
            <caption>Customers by number of products today</caption>
            <thead>
              <tr>
                {metrics.distribution.map((d) => (
                  <th key={d.products} scope="col" class="num">
                    {d.products} {d.products === 1 ? 'product' : 'products'}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {metrics.distribution.map((d) => (
                  <td key={d.products} class="num">
                    {num(d.accounts)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
