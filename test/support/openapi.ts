export interface OpenApiOperation {
  method: string;
  path: string;
  operation: OpenApiOperationObject;
  responses: Record<string, unknown>;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}

export interface OpenApiOperationObject {
  security?: Array<Record<string, unknown>>;
  parameters?: OpenApiParameter[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, unknown>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Every operation of an OpenAPI document, flattened. */
export function openApiOperations(doc: {
  paths?: Record<string, Record<string, unknown>>;
}): OpenApiOperation[] {
  const out: OpenApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as OpenApiOperationObject | undefined;
      if (operation) out.push({ method, path, operation, responses: operation.responses ?? {} });
    }
  }
  return out;
}
