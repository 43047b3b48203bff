import { createRouter } from '../http/router.ts';

export const widgetAssetRoutes = createRouter();
