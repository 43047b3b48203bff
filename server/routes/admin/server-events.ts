import { createRouter } from '../../http/router.ts';

export const serverEventsRoutes = createRouter();
