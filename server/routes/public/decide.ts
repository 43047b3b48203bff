import { createRouter } from '../../http/router.ts';

export const decideRoutes = createRouter();
