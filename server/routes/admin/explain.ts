import { createRouter } from '../../http/router.ts';

export const explainRoutes = createRouter();
