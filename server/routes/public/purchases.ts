import { createRouter } from '../../http/router.ts';

export const purchasesRoutes = createRouter();
