import { createDemoHost } from '../../demo/host/router.ts';
import { createRouter } from '../http/router.ts';

/** The bundled demo product at /demo; it answers 404 unless the server seeded the demo workspace. */
export const demoAppRoutes = createRouter();
demoAppRoutes.route('/', createDemoHost());
