import { createRouter } from '../../http/router.ts';

export const hostDataRoutes = createRouter();
