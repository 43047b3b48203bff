import { createRouter } from '../../http/router.ts';

export const eventsRoutes = createRouter();
