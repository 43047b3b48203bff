import { createRouter } from '../http/router.ts';

export const demoAppRoutes = createRouter();
