type Operations = Record<string, Record<string, { operationId?: string } | unknown>>;

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);
const title = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * `operationId` from method and path, for operations that name none: SDK generators name their
 * methods after it (`GET /v1/admin/campaigns/{id}/revisions` → `getAdminCampaignsByIdRevisions`).
 * Method and path are unique together, so the ids are too.
 */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((part) => part && part !== 'v1')
    .flatMap((part) => (part.startsWith('{') ? ['by', part.slice(1, -1)] : part.split(/[^a-zA-Z0-9]+/)))
    .filter(Boolean);
  return method + words.map(title).join('');
}

/** Fills in every missing operationId of an OpenAPI document's paths, in place. */
export function withOperationIds<D extends object>(doc: D): D {
  for (const [path, item] of Object.entries((doc as { paths?: Operations }).paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method) || typeof op !== 'object' || op === null) continue;
      const operation = op as { operationId?: string };
      operation.operationId ??= operationIdOf(method, path);
    }
  }
  return doc;
}
