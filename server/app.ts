import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { RequestMetrics } from './http/metrics.ts';
import { secretKeyAuth } from './http/middleware/auth.ts';
import { bodyLimit } from './http/middleware/body-limit.ts';
import { requestContext } from './http/middleware/context.ts';
import { publicCors } from './http/middleware/cors.ts';
import { failedCallLog } from './http/middleware/failed-calls.ts';
import { notFoundOrWrongMethod, onError } from './http/on-error.ts';
import { registerWebhookDocs } from './http/openapi-webhooks.ts';
import { withOperationIds } from './http/operation-ids.ts';
import { createRouter } from './http/router.ts';
import type { AppDeps } from './http/types.ts';
import { affinityRoutes } from './routes/admin/affinity.ts';
import { analyticsRoutes } from './routes/admin/analytics.ts';
import { apiKeysRoutes } from './routes/admin/api-keys.ts';
import { auditRoutes } from './routes/admin/audit.ts';
import { bundlesRoutes } from './routes/admin/bundles.ts';
import { campaignsRoutes } from './routes/admin/campaigns.ts';
import { consoleAuthRoutes } from './routes/admin/console-auth.ts';
import { explainRoutes } from './routes/admin/explain.ts';
import { failedCallsRoutes } from './routes/admin/failed-calls.ts';
import { hostDataRoutes } from './routes/admin/host-data.ts';
import { integrationsRoutes } from './routes/admin/integrations.ts';
import { moneyRoutes } from './routes/admin/money.ts';
import { productsRoutes } from './routes/admin/products.ts';
import { serverEventsRoutes } from './routes/admin/server-events.ts';
import { settingsRoutes } from './routes/admin/settings.ts';
import { vocabularyRoutes } from './routes/admin/vocabulary.ts';
import { webhooksRoutes } from './routes/admin/webhooks.ts';
import { consoleAppRoutes } from './routes/console-app.ts';
import { consoleSsoRoutes } from './routes/console-sso.ts';
import { demoAppRoutes } from './routes/demo-app.ts';
import { docsRoutes } from './routes/docs.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { operatorRoutes } from './routes/operator.ts';
import { decideRoutes } from './routes/public/decide.ts';
import { eventsRoutes } from './routes/public/events.ts';
import { previewRoutes } from './routes/public/preview.ts';
import { purchasesRoutes } from './routes/public/purchases.ts';
import { requestsRoutes } from './routes/public/requests.ts';
import { trialsRoutes } from './routes/public/trials.ts';
import { widgetAssetRoutes } from './routes/widget-asset.ts';

const ADMIN_ROUTERS = [
  productsRoutes,
  bundlesRoutes,
  hostDataRoutes,
  serverEventsRoutes,
  settingsRoutes,
  campaignsRoutes,
  explainRoutes,
  affinityRoutes,
  moneyRoutes,
  webhooksRoutes,
  analyticsRoutes,
  vocabularyRoutes,
  auditRoutes,
  apiKeysRoutes,
  failedCallsRoutes,
  integrationsRoutes,
];
const PUBLIC_ROUTERS = [
  decideRoutes,
  previewRoutes,
  eventsRoutes,
  trialsRoutes,
  purchasesRoutes,
  requestsRoutes,
];

/** Composes the whole API. The server and the tests build it the same way. */
export function createApp(deps: AppDeps) {
  const app = createRouter();
  app.onError(onError);
  app.notFound(notFoundOrWrongMethod(() => app.routes));

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  const metrics = new RequestMetrics();
  app.use('*', requestContext(deps, metrics));
  app.use('*', secureHeaders({ crossOriginResourcePolicy: false, contentSecurityPolicy: undefined }));
  // Every route, the demo host's and the console's too: a body is never read past the limit.
  app.use('*', bodyLimit(deps.config.bodyLimitBytes));

  app.route('/', healthRoutes);
  app.route('/', metricsRoutes(metrics));
  app.route('/', operatorRoutes);

  // Console routes come first: a console session sets the workspace, and secretKeyAuth then lets it through.
  app.route('/v1/admin', consoleAuthRoutes);
  app.use('/v1/admin/*', failedCallLog);
  app.use('/v1/admin/*', secretKeyAuth);
  for (const router of ADMIN_ROUTERS) app.route('/v1/admin', router);

  // Browser navigations of the console's single sign-on: no CORS, no key.
  app.route('/', consoleSsoRoutes);
  app.use('/v1/*', publicCors);
  for (const router of PUBLIC_ROUTERS) app.route('/v1', router);

  app.route('/', widgetAssetRoutes);
  app.route('/', consoleAppRoutes);
  app.route('/', demoAppRoutes);
  app.route('/', docsRoutes);
  app.openAPIRegistry.registerComponent('securitySchemes', 'secretKey', {
    type: 'http',
    scheme: 'bearer',
    description:
      "The workspace's secret key, or a named API key (`/v1/admin/api-keys`) acting with its role, " +
      '`Authorization: Bearer sk_…`: your backend only, never a browser.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'operatorToken', {
    type: 'http',
    scheme: 'bearer',
    description:
      'The instance operator token (ATTACH_OPERATOR_TOKEN): creates workspaces, rotates their keys.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'userToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "The end user's token, signed by your backend with HS256 and the workspace's identity secret (ids_…, " +
      'its UTF-8 bytes as the key). Claims: sub (user id), account (account id), optional role and locale; ' +
      'iat and exp, at most 24 hours apart.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'publishableKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Attach-Key',
    description: "The workspace's publishable key (pk_…): safe in the browser, it only names the workspace.",
  });
  registerWebhookDocs(app.openAPIRegistry);
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  app.get('/openapi.json', (c) => {
    // Built once: the routes do not change while the process runs.
    document ??= withOperationIds(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: 'Attach API',
          version: '1.0.0',
          description: 'Decide, record and sell the second product.',
        },
      }),
    );
    return c.json(document);
  });
  return app;
}
export type App = ReturnType<typeof createApp>;
