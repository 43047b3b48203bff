import type { z } from 'zod';
import type { ValidationIssue } from '../../shared/errors.ts';

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
};
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Object keys in `value` that `schema` does not declare, as validation issues. zod strips unknown
 * keys silently, so a misspelt field (`segmnet`) or one at the wrong level was accepted and lost;
 * this names it instead. Objects declared open (a catchall, records) accept any key. `value` has
 * already passed `schema`, so for a union the first option it satisfies is the one it meant.
 */
export function unknownKeyIssues(
  schema: z.ZodType,
  value: unknown,
  path: Array<string | number> = [],
): ValidationIssue[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'object': {
      if (!isPlainObject(value) || !def.shape) return [];
      const shape = def.shape;
      return Object.entries(value).flatMap(([key, item]) => {
        // Own keys only: JSON may carry "__proto__" or "constructor", which every object inherits.
        const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
        if (field) return unknownKeyIssues(field, item, [...path, key]);
        if (def.catchall) return [];
        return [{ path: [...path, key], message: 'is not a known field', code: 'unrecognized_keys' }];
      });
    }
    case 'array':
      return Array.isArray(value) && def.element
        ? value.flatMap((item, i) => unknownKeyIssues(def.element as z.ZodType, item, [...path, i]))
        : [];
    case 'record':
      return isPlainObject(value) && def.valueType
        ? Object.entries(value).flatMap(([key, item]) =>
            unknownKeyIssues(def.valueType as z.ZodType, item, [...path, key]),
          )
        : [];
    case 'union': {
      const chosen = def.options?.find((option) => option.safeParse(value).success);
      return chosen ? unknownKeyIssues(chosen, value, path) : [];
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return value === undefined || value === null || !def.innerType
        ? []
        : unknownKeyIssues(def.innerType, value, path);
    case 'pipe':
      return def.in ? unknownKeyIssues(def.in, value, path) : [];
    case 'lazy':
      return def.getter ? unknownKeyIssues(def.getter(), value, path) : [];
    default:
      return [];
  }
}
