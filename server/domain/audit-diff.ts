import type { AuditChange } from '../../shared/audit.ts';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The fields an update changed, between two API representations of one thing. Objects are walked
 * so a price change reads `price.amount: 4900 → 5900` rather than the whole price; arrays and
 * other values compare whole (a list of segments reads as its before and after). A field missing
 * on one side reads as null there. `ignore` names top-level fields that change on every write
 * (version, updatedAt) and would only be noise.
 */
export function auditChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  ignore: readonly string[] = [],
): AuditChange[] {
  const changes: AuditChange[] = [];
  const walk = (a: Record<string, unknown>, b: Record<string, unknown>, prefix: string) => {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) {
      if (!prefix && ignore.includes(key)) continue;
      const from = a[key];
      const to = b[key];
      const field = prefix + key;
      if (isPlainObject(from) && isPlainObject(to)) walk(from, to, `${field}.`);
      else if (!same(from, to)) changes.push({ field, from: from ?? null, to: to ?? null });
    }
  };
  walk(before, after, '');
  return changes;
}
