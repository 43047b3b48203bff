import { createRouter } from '../../http/router.ts';

export const trialsRoutes = createRouter();
