import { createRouter } from '../http/router.ts';

export const consoleAppRoutes = createRouter();
