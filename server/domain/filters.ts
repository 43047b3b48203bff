/**
 * Attribute filters of an audience (`account.*` / `user.*` fields, see shared/campaign.ts).
 *
 *   resolveField(field, state) → the value, or undefined when absent
 *   matchFilter(filter, state) → { matched, actual }
 *
 * Fields: `account.{id,name,segment,industry,seats,plan,mrr,healthScore,signupAt,renewalAt,firstPurchaseAt}`,
 * `user.{id,role,locale}`, and `account.attributes.<path>` / `user.attributes.<path>` (dotted paths
 * reach into nested objects). Any other `account.<name>` falls back to the attribute `<name>`.
 *
 * Operators:
 *   eq / neq   equal values; a number and a numeric string compare as numbers; a missing value is
 *              never `eq` and always `neq`
 *   in         `value` is an array; matches when any element is `eq` (for an array value: any overlap)
 *   gt gte lt lte  numbers (numeric strings accepted) or dates (Date or ISO strings); anything else fails
 *   contains   a string contains the text (case-insensitive), or an array holds an `eq` element
 *   exists     present and not null; with `value: false` it means "absent"
 */
import type { AttributeFilter } from '../../shared/campaign.ts';
import type { AccountState } from './types.ts';

const ACCOUNT_FACTS = new Set([
  'id',
  'name',
  'segment',
  'industry',
  'seats',
  'plan',
  'mrr',
  'healthScore',
  'signupAt',
  'renewalAt',
  'firstPurchaseAt',
]);
const USER_FACTS = new Set(['id', 'role', 'locale']);

function dig(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function resolveField(field: string, state: AccountState): unknown {
  const [scope, head, ...rest] = field.split('.');
  if (head === undefined) return undefined;
  const facts: Record<string, unknown> = scope === 'account' ? { ...state.account } : { ...state.user };
  const known = scope === 'account' ? ACCOUNT_FACTS : USER_FACTS;
  if (head === 'attributes') return dig(facts.attributes, rest);
  if (known.has(head) && rest.length === 0) return facts[head];
  return dig(facts.attributes, [head, ...rest]);
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return null;
}

function asTime(value: unknown): number | null {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

export function valuesEqual(actual: unknown, expected: unknown): boolean {
  if (actual === undefined || actual === null) return expected === null && actual === null;
  if (actual === expected) return true;
  const a = asNumber(actual);
  const b = asNumber(expected);
  if (a !== null && b !== null && (typeof actual === 'number' || typeof expected === 'number'))
    return a === b;
  if (actual instanceof Date) return asTime(expected) === actual.getTime();
  return false;
}

function compare(actual: unknown, expected: unknown): number | null {
  const a = asNumber(actual);
  const b = asNumber(expected);
  if (a !== null && b !== null) return a - b;
  const ta = asTime(actual);
  const tb = asTime(expected);
  if (ta !== null && tb !== null) return ta - tb;
  return null;
}

function contains(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((item) => valuesEqual(item, expected));
  if (typeof actual === 'string' && (typeof expected === 'string' || typeof expected === 'number')) {
    return actual.toLowerCase().includes(String(expected).toLowerCase());
  }
  return false;
}

export function matchFilter(
  filter: AttributeFilter,
  state: AccountState,
): { matched: boolean; actual: unknown } {
  const actual = resolveField(filter.field, state);
  const expected = filter.value;
  const present = actual !== undefined && actual !== null;
  const ordered = (test: (d: number) => boolean) => {
    const d = present ? compare(actual, expected) : null;
    return d !== null && test(d);
  };
  let matched: boolean;
  switch (filter.op) {
    case 'eq':
      matched = valuesEqual(actual, expected);
      break;
    case 'neq':
      matched = !valuesEqual(actual, expected);
      break;
    case 'in': {
      // An array value (tags) matches when any of its elements is listed.
      const values = Array.isArray(actual) ? actual : [actual];
      matched = Array.isArray(expected) && expected.some((e) => values.some((v) => valuesEqual(v, e)));
      break;
    }
    case 'gt':
      matched = ordered((d) => d > 0);
      break;
    case 'gte':
      matched = ordered((d) => d >= 0);
      break;
    case 'lt':
      matched = ordered((d) => d < 0);
      break;
    case 'lte':
      matched = ordered((d) => d <= 0);
      break;
    case 'contains':
      matched = present && contains(actual, expected);
      break;
    case 'exists':
      matched = expected === false ? !present : present;
      break;
  }
  return { matched, actual };
}
