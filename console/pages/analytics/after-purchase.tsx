import { useState } from 'preact/hooks';
import type { Activation, TrialConversion } from '../../../shared/analytics.ts';
import { TableWrap } from '../../components/table-wrap.tsx';
import { benchmarkVerdict } from '../../lib/benchmark.ts';
import { num, pct } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';
import type { AnalyticsFilters } from './filters.tsx';

const WINDOWS = ['7', '14', '30', '90'] as const;

/**
 * What happens after the prompt: trials decided (converted or expired) and whether what was bought
 * gets used — the playbook's last step, "is the add-on actually used?".
 */
export function AfterPurchase({ filters }: { filters: AnalyticsFilters }) {
  const [days, setDays] = useState<(typeof WINDOWS)[number]>('14');
  const trials = useResource<TrialConversion>(`/v1/admin/analytics/trials?${filters.qs}`);
  const activation = useResource<Activation>(`/v1/admin/analytics/activation?${filters.qs}&days=${days}`);
  const t = trials.data;
  const a = activation.data;
  return (
    <section class="card" aria-labelledby="after-title">
      <h2 id="after-title">Trials and adoption</h2>
      {t && (
        <p>
          Trial conversion: <strong>{pct(t.rate)}</strong> of {num(t.converted + t.expired)} trials decided (
          {num(t.active)} still running); benchmark {pct(t.benchmark.low)}–{pct(t.benchmark.high)}
          {t.rate !== null && (
            <>
              {' '}
              <span class={`badge ${benchmarkVerdict(t.rate, t.benchmark)}`}>
                {benchmarkVerdict(t.rate, t.benchmark)}
              </span>
            </>
          )}
        </p>
      )}
      <div class="field inline">
        <label for="activation-days">Used within</label>
        <select
          id="activation-days"
          value={days}
          onChange={(e) => setDays(e.currentTarget.value as (typeof WINDOWS)[number])}
        >
          {WINDOWS.map((d) => (
            <option key={d} value={d}>
              {d} days of buying
            </option>
          ))}
        </select>
      </div>
      {a && (
        <>
          <p>
            Activated: <strong>{pct(a.rate)}</strong> of {num(a.purchases)} purchases were used within{' '}
            {a.days} days.
          </p>
          {a.byProduct.length > 0 && (
            <TableWrap label="Activation by product">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Product</th>
                    <th scope="col" class="num">
                      Purchases
                    </th>
                    <th scope="col" class="num">
                      Used
                    </th>
                    <th scope="col" class="num">
                      Activation
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {a.byProduct.map((p) => (
                    <tr key={p.productKey}>
                      <th scope="row">{p.productKey}</th>
                      <td class="num">{num(p.purchases)}</td>
                      <td class="num">{num(p.activated)}</td>
                      <td class="num">{pct(p.purchases ? p.activated / p.purchases : null)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          )}
        </>
      )}
      <p class="muted small">
        Trials decided = converted or expired, started {filters.scope}. Used = the account sent an event named
        after the product (<code>reports.…</code>) or carrying <code>props.product</code> within that many
        days of buying; purchases {filters.scope}.
      </p>
    </section>
  );
}
