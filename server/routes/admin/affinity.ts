import { createRouter } from '../../http/router.ts';

export const affinityRoutes = createRouter();
