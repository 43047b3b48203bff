import type { AppDeps } from '../../server/http/types.ts';
import { createEndpoint, endpoints, getEndpoint, patchEndpoint } from '../../server/services/webhooks.ts';
import type { WebhookEventType } from '../../shared/money.ts';

const EVENTS: WebhookEventType[] = [
  'purchase.created',
  'purchase.fulfilled',
  'purchase.failed',
  'trial.started',
  'trial.converted',
  'trial.expired',
];

const PATH = '/demo/api/webhooks';
export const demoWebhookUrl = (publicUrl: string) => `${publicUrl.replace(/\/+$/, '')}${PATH}`;

/**
 * Registers the demo host's webhook receiver through the same service the admin API uses (once),
 * and returns its signing secret. An endpoint already there is reused, so restarts add nothing; one
 * left on an old public URL (the server moved port or host) is pointed at the current one.
 */
export async function ensureDemoEndpoint(deps: AppDeps, workspaceId: string): Promise<string> {
  const url = demoWebhookUrl(deps.config.publicUrl);
  const all = await endpoints(deps, workspaceId);
  const existing = all.find((e) => e.url === url) ?? all.find((e) => new URL(e.url).pathname === PATH);
  if (existing) {
    if (existing.url !== url) await patchEndpoint(deps, workspaceId, existing.id, { url }, 'demo-seed');
    return deps.secretBox.open((await getEndpoint(deps, workspaceId, existing.id)).secretEnc);
  }
  const created = await createEndpoint(
    deps,
    workspaceId,
    {
      url,
      description: 'Lumen demo backend: provisions what Attach sells',
      eventTypes: EVENTS,
    },
    'demo-seed',
  );
  return created.secret;
}
