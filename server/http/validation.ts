import type { Hook, RouteConfig } from '@hono/zod-openapi';
import { ZodError, type z } from 'zod';
import type { ValidationIssue } from '../../shared/errors.ts';
import { ApiError } from './api-error.ts';
import { unknownKeyIssues } from './unknown-keys.ts';

export function toIssues(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: issue.message,
    code: issue.code,
  }));
}

function describe(issues: ValidationIssue[], target: string): string {
  const first = issues[0];
  if (!first) return `Invalid ${target}`;
  const where = first.path.length ? `${target}.${first.path.join('.')}` : target;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${where}: ${first.message}${more}`;
}

/** Where the first string or object key holding NUL (U+0000) sits in `value`, or null. */
export function nulPath(value: unknown): Array<string | number> | null {
  if (typeof value === 'string') return value.includes('\u0000') ? [] : null;
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const inner = nulPath(value[i]);
      if (inner) return [i, ...inner];
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [key];
    const inner = nulPath(item);
    if (inner) return [key, ...inner];
  }
  return null;
}

/**
 * Maps a failed zod validation of any request part into one `validation_failed` error. Valid input
 * is also refused when any text in it holds NUL, which PostgreSQL cannot store: any string field
 * can carry one, and this names the field instead of leaving the database to refuse the write.
 */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every input type
export const validationHook: Hook<any, any, any, any> = (result) => {
  const issues = result.success ? nulIssues(result.data) : toIssues(result.error);
  if (issues.length === 0) return;
  // Hono calls a JSON body `json`; callers know it as the body (as ingest and the services say).
  throw validationFailed(issues, result.target === 'json' ? 'body' : result.target);
};

/** The one `validation_failed` error: the first issue in the message, every issue in the details. */
export function validationFailed(issues: ValidationIssue[], target = 'body'): ApiError {
  return new ApiError(400, 'validation_failed', describe(issues, target), { target, issues });
}

// biome-ignore lint/suspicious/noExplicitAny: hooks are shared by routes of every input type
type AnyHook = Hook<any, any, any, any>;

/**
 * Wraps a route's validation hook so it also refuses JSON fields and query parameters the route
 * does not declare: a misspelt filter (`?accountId=` where the route reads `account`) returned every
 * account's rows, and a misspelt field was dropped without a word. They reach `hook` as a failed
 * validation, so each route reports them in its own envelope.
 */
export function declaredOnly(route: RouteConfig, hook: AnyHook): AnyHook {
  const query = route.request?.query as z.ZodType | undefined;
  const media = route.request?.body?.content?.['application/json'];
  const body = media && 'schema' in media ? (media.schema as z.ZodType) : undefined;
  return async (result, c) => {
    if (!result.success) return hook(result, c);
    const issues =
      result.target === 'query' && query
        ? unknownKeyIssues(query, Object.fromEntries(Object.keys(c.req.queries()).map((k) => [k, undefined])))
        : result.target === 'json' && body
          ? unknownKeyIssues(body, await c.req.json())
          : [];
    if (issues.length === 0) return hook(result, c);
    return hook({ ...result, success: false, error: new ZodError(issues as never) }, c);
  };
}

/** A NUL anywhere in validated input, as the one issue that names where. */
export function nulIssues(data: unknown): ValidationIssue[] {
  const path = nulPath(data);
  if (!path) return [];
  return [
    {
      path,
      message: 'must not contain the NUL character (U+0000): it cannot be stored',
      code: 'unsupported_character',
    },
  ];
}

/**
 * Parses with a schema, throwing the same envelope as the route validators: undeclared fields are
 * refused here too (an event's misspelt `properties` was stored without its props).
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, target = 'body'): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(toIssues(result.error), target);
  const unknown = unknownKeyIssues(schema, value);
  if (unknown.length > 0) throw validationFailed(unknown, target);
  return result.data;
}
