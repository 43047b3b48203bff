import { createRouter } from '../../http/router.ts';

export const bundlesRoutes = createRouter();
