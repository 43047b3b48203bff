import { createRouter } from '../../http/router.ts';

export const moneyRoutes = createRouter();
