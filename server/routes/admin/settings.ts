import { createRouter } from '../../http/router.ts';

export const settingsRoutes = createRouter();
