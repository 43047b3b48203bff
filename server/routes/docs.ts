import { createRouter } from '../http/router.ts';

export const docsRoutes = createRouter();
