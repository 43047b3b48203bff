import { createRouter } from '../../http/router.ts';

export const campaignsRoutes = createRouter();
