import { createRouter } from '../../http/router.ts';

export const analyticsRoutes = createRouter();
