import { useEffect, useRef } from 'preact/hooks';
import uPlot, { type AlignedData, type Options } from 'uplot';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  /** Formats axis ticks and the legend value (percent, money …). */
  format?: (v: number) => string;
  /** Formats axis ticks when they need a shorter form than the legend (e.g. $4K for $4,000.00). */
  tick?: (v: number) => string;
}

/** A moment marked on the chart with a dashed vertical line (unix seconds), e.g. a campaign edit. */
export interface ChartMarker {
  time: number;
}

/** Draws each marker as a dashed line across the plot area, under nothing but the axes. */
const markerHook = (markers: readonly ChartMarker[]) => (u: uPlot) => {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.strokeStyle = '#667085';
  ctx.lineWidth = 1;
  ctx.setLineDash([4, 4]);
  for (const m of markers) {
    const x = Math.round(u.valToPos(m.time, 'x', true));
    if (x < bbox.left || x > bbox.left + bbox.width) continue;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
  }
  ctx.restore();
};

/**
 * A uPlot time-series chart that follows its container's width. `times` are unix seconds.
 * The title and a visually hidden summary make it readable without seeing the canvas; markers are
 * drawn only, so the page says in text what each one is.
 */
export function TimeChart(props: {
  title: string;
  times: number[];
  series: ChartSeries[];
  height?: number;
  markers?: readonly ChartMarker[];
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || props.times.length === 0) return;
    const format = props.series[0]?.format ?? ((v: number) => String(v));
    const tick = props.series[0]?.tick ?? format;
    const opts: Options = {
      width: Math.max(el.clientWidth, 280),
      height: props.height ?? 220,
      series: [
        {},
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          value: (_u: uPlot, v: number | null) => (v === null ? '—' : (s.format ?? format)(v)),
        })),
      ],
      axes: [{}, { values: (_u: uPlot, ticks: number[]) => ticks.map(tick), size: 60 }],
      legend: { show: true },
      hooks: props.markers?.length ? { draw: [markerHook(props.markers)] } : {},
    };
    const data = [props.times, ...props.series.map((s) => s.values)] as AlignedData;
    const plot = new uPlot(opts, data, el);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(el.clientWidth, 280), height: opts.height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props.times, props.series, props.height, props.markers]);
  const last = props.series.map((s) => {
    const v = s.values.at(-1);
    return `${s.label}: ${v === null || v === undefined ? 'no data' : (s.format ?? String)(v)}`;
  });
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      {props.times.length === 0 ? (
        <p class="muted">No data yet.</p>
      ) : (
        <div ref={box} role="img" aria-label={`${props.title}. Latest: ${last.join('; ')}`} />
      )}
    </figure>
  );
}
