import type { AppDeps } from '../../server/http/types.ts';
import { createEndpoint, endpoints, getEndpoint } from '../../server/services/webhooks.ts';
import type { WebhookEventType } from '../../shared/money.ts';

const EVENTS: WebhookEventType[] = [
  'purchase.created',
  'purchase.fulfilled',
  'purchase.failed',
  'trial.started',
  'trial.converted',
  'trial.expired',
];

export const demoWebhookUrl = (publicUrl: string) => `${publicUrl.replace(/\/+$/, '')}/demo/api/webhooks`;

/**
 * Registers the demo host's webhook receiver through the same service the admin API uses (once),
 * and returns its signing secret. An endpoint already there is reused, so restarts add nothing.
 */
export async function ensureDemoEndpoint(deps: AppDeps, workspaceId: string): Promise<string> {
  const url = demoWebhookUrl(deps.config.publicUrl);
  const existing = (await endpoints(deps, workspaceId)).find((e) => e.url === url);
  if (existing) return deps.secretBox.open((await getEndpoint(deps, workspaceId, existing.id)).secretEnc);
  const created = await createEndpoint(deps, workspaceId, {
    url,
    description: 'Lumen demo backend: provisions what Attach sells',
    eventTypes: EVENTS,
  });
  return created.secret;
}
