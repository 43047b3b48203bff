import { createRouter } from '../../http/router.ts';

export const requestsRoutes = createRouter();
