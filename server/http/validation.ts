import type { Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { ValidationIssue } from '../../shared/errors.ts';
import { ApiError } from './api-error.ts';

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

/** Maps a failed zod validation of any request part into one `validation_failed` error. */
// biome-ignore lint/suspicious/noExplicitAny: the hook is shared by routes of every input type
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (result.success) return;
  const issues = toIssues(result.error);
  throw new ApiError(400, 'validation_failed', describe(issues, result.target), {
    target: result.target,
    issues,
  });
};

/** Parses with a schema, throwing the same envelope as the route validators. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, target = 'body'): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = toIssues(result.error);
  throw new ApiError(400, 'validation_failed', describe(issues, target), { target, issues });
}
