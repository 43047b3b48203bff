import { createRouter } from '../../http/router.ts';

export const productsRoutes = createRouter();
