import type { AffinitySnapshot } from '../../../shared/affinity.ts';
import { useResource } from '../../lib/use-resource.ts';
import { AffinityHeatmap } from './affinity-heatmap.tsx';

export function AnalyticsPage() {
  const affinity = useResource<AffinitySnapshot>('/v1/admin/affinity');
  return (
    <section>
      <h1>Analytics</h1>
      {affinity.error && <p class="muted">Affinity: {affinity.error}</p>}
      {affinity.data && <AffinityHeatmap snapshot={affinity.data} />}
    </section>
  );
}
