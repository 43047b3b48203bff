import { useState } from 'preact/hooks';
import type { AffinityPair, AffinitySlice, AffinitySnapshot } from '../../../shared/affinity.ts';
import { TableWrap } from '../../components/table-wrap.tsx';
import { dateTime, num, pct } from '../../lib/format.ts';

type Metric = 'confidence' | 'lift';

/** 0–1 strength of a cell: confidence as is; lift centred on 1 (below 1 is no affinity, 3+ is strong). */
const strength = (metric: Metric, value: number) =>
  metric === 'confidence' ? Math.min(Math.max(value, 0), 1) : Math.min(Math.max((value - 1) / 2, 0), 1);

/**
 * Cell colours skip the middle lightness band, where neither dark nor white text reaches 4.5:1
 * contrast: light cells (dark text) run 97→72 % lightness, dark cells (white text) 60→42 %.
 */
export function heatStyle(metric: Metric, value: number) {
  const t = strength(metric, value);
  const lightness = t <= 0.5 ? 97 - t * 50 : 60 - (t - 0.5) * 36;
  return { background: `hsl(243 75% ${Math.round(lightness)}%)`, color: t <= 0.5 ? '#111' : '#fff' };
}

/**
 * Strongest single and multi-product rules: lift above 1, ranked by confidence × lift. A rule whose
 * product is a prerequisite of one it starts from is left out: the catalogue makes it 100 %, it says
 * nothing about what customers choose.
 */
export function strongestRules(
  slice: AffinitySlice,
  prerequisites: ReadonlyMap<string, readonly string[]> = new Map(),
  limit = 8,
) {
  const pairs = slice.pairs.map((p: AffinityPair) => ({ ...p, antecedent: [p.antecedent] }));
  const required = (r: { antecedent: string[]; consequent: string }) =>
    r.antecedent.some((a) => prerequisites.get(a)?.includes(r.consequent));
  return [...pairs, ...slice.rules]
    .filter((r) => r.lift > 1 && r.count > 0 && !required(r))
    .sort((a, b) => b.confidence * b.lift - a.confidence * a.lift)
    .slice(0, limit);
}

/** One pair's figure; `noData` says why there is none (a dash on screen, the reason read out). */
function HeatCell({
  pair,
  metric,
  noData,
}: {
  pair: AffinityPair | undefined;
  metric: Metric;
  noData: string | undefined;
}) {
  if (!pair) return <td class="na">—</td>;
  if (noData)
    return (
      <td class="na" title={noData}>
        <span aria-hidden="true">—</span>
        <span class="sr-only">{noData}</span>
      </td>
    );
  const v = pair[metric];
  return (
    <td
      style={heatStyle(metric, v)}
      title={`confidence ${pct(pair.confidence)}, lift ${num(pair.lift)}, support ${pct(pair.support)}`}
    >
      {metric === 'confidence' ? pct(v) : num(v)}
    </td>
  );
}

/**
 * Affinity of the page's segment filter (all accounts without one), named as the catalogue names
 * products (`catalog`: key → name and prerequisites; keys stand in for products it no longer has).
 */
export function AffinityHeatmap({
  snapshot,
  segment,
  catalog,
}: {
  snapshot: AffinitySnapshot;
  segment: string;
  catalog: ReadonlyMap<string, { name: string; prerequisites: readonly string[] }>;
}) {
  const [metric, setMetric] = useState<Metric>('confidence');
  const slice = segment ? snapshot.segments[segment] : snapshot.overall;
  const name = (key: string) => catalog.get(key)?.name ?? key;
  const prerequisites = new Map([...catalog].map(([key, p]) => [key, p.prerequisites]));
  const products = slice?.products.map((p) => p.key) ?? [];
  const cell = (a: string, b: string) => slice?.pairs.find((p) => p.antecedent === a && p.consequent === b);
  const owners = new Map(slice?.products.map((p) => [p.key, p.count]));
  /** The product nobody in the slice owns that leaves a pair without data: the server's ratios read
   * 0 over a zero denominator (confidence over the row's owners; lift over both). */
  const unowned = (a: string, b: string) =>
    (metric === 'lift' ? [a, b] : [a]).find((key) => !owners.get(key));
  return (
    <section class="card" aria-labelledby="affinity-title">
      <h2 id="affinity-title">Product affinity</h2>
      <p class="muted small">
        Row: owns this product → column: also owns that one. Computed {dateTime(snapshot.computedAt)} over{' '}
        {num(slice?.accounts ?? 0)} customers{segment ? ` in segment ${segment}` : ''} (accounts owning a
        product); ownership today, whatever the period.
      </p>
      <div class="inline-form">
        <div class="field">
          <label for="aff-metric">Show</label>
          <select id="aff-metric" value={metric} onChange={(e) => setMetric(e.currentTarget.value as Metric)}>
            <option value="confidence">Confidence (attach rate)</option>
            <option value="lift">Lift</option>
          </select>
        </div>
      </div>
      {slice && products.length > 0 ? (
        <TableWrap label="Affinity heatmap">
          <table class="heatmap">
            <caption class="sr-only">{metric} of owning the column product given the row product</caption>
            <thead>
              <tr>
                <th scope="col">Owns ↓ / also owns →</th>
                {products.map((p) => (
                  <th key={p} scope="col" title={p}>
                    {name(p)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {products.map((a) => (
                <tr key={a}>
                  <th scope="row" title={a}>
                    {name(a)}
                  </th>
                  {products.map((b) => {
                    const missing = unowned(a, b);
                    return (
                      <HeatCell
                        key={b}
                        metric={metric}
                        pair={a === b ? undefined : cell(a, b)}
                        noData={
                          missing &&
                          `No data: no accounts own ${name(missing)}${segment ? ` in segment ${segment}` : ''}`
                        }
                      />
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p class="muted">No ownership data in this slice yet.</p>
      )}
      {slice && (
        <>
          <h3>Strongest rules</h3>
          <ol class="rules">
            {strongestRules(slice, prerequisites).map((r) => (
              <li key={`${r.antecedent.join('+')}>${r.consequent}`}>
                {r.antecedent.map(name).join(' + ')} → <strong>{name(r.consequent)}</strong>: confidence{' '}
                {pct(r.confidence)}, lift {num(r.lift)}, support {pct(r.support)}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
