import { createRouter } from '../../http/router.ts';

export const consoleAuthRoutes = createRouter();
