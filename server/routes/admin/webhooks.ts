import { createRouter } from '../../http/router.ts';

export const webhooksRoutes = createRouter();
