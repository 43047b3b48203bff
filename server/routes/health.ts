import { ping } from '../db/client.ts';
import { createRouter } from '../http/router.ts';

export const healthRoutes = createRouter();

healthRoutes.get('/healthz', (c) => c.json({ status: 'ok' }));

healthRoutes.get('/readyz', async (c) => {
  try {
    await ping(c.var.deps.database);
    return c.json({ status: 'ready', database: c.var.deps.database.kind });
  } catch (err) {
    c.var.log.warn('readyz_failed', { error: (err as Error).message });
    return c.json({ error: { code: 'service_unavailable', message: 'Database is not reachable' } }, 503);
  }
});
