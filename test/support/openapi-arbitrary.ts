import fc from 'fast-check';

type Schema = Record<string, unknown>;
export interface OpenApiDoc {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
}

function resolve(doc: OpenApiDoc, schema: unknown): Schema {
  const s = (schema ?? {}) as Schema;
  const ref = typeof s.$ref === 'string' ? s.$ref : undefined;
  if (!ref) return s;
  return doc.components?.schemas?.[ref.replace('#/components/schemas/', '')] ?? {};
}

/**
 * One character of free text: mostly printable ASCII, sometimes what schemas rarely think of — NUL
 * (which PostgreSQL cannot store), control characters, non-ASCII, quotes and backslashes.
 */
const textUnit = fc.oneof(
  { weight: 12, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\u0007', '\n', 'é', '🚀', "'", '\\') },
);

const wild = fc.jsonValue({ maxDepth: 2, stringUnit: textUnit });

const STRING_FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  'date-time': fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  email: fc.emailAddress(),
  uri: fc.webUrl(),
};

/**
 * Values shaped like a schema most of the time (so requests get past the first type check and into
 * the services), and arbitrary JSON the rest of the time.
 */
export function arbitraryFor(doc: OpenApiDoc, raw: unknown, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw);
  if (depth > 4) return wild;
  const shaped = shapedFor(doc, schema, depth);
  // Mostly well-formed deeper down, so a whole body is often valid and reaches the services.
  return fc.oneof({ arbitrary: shaped, weight: depth === 0 ? 4 : 12 }, { arbitrary: wild, weight: 1 });
}

function shapedFor(doc: OpenApiDoc, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.enum) && schema.enum.length) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(union) && union.length)
    return fc.oneof(...union.map((s) => arbitraryFor(doc, s, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, unknown>;
      const entries = Object.fromEntries(
        Object.entries(props).map(([k, v]) => [k, arbitraryFor(doc, v, depth + 1)]),
      );
      return fc.record(entries, { requiredKeys: [] });
    }
    case 'array': {
      const minLength = num(schema.minItems) ?? 0;
      return fc.array(arbitraryFor(doc, schema.items, depth + 1), { minLength, maxLength: minLength + 3 });
    }
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.oneof(
        fc.integer({
          min: num(schema.minimum) ?? -5,
          max: Math.max(num(schema.minimum) ?? -5, num(schema.maximum) ?? 200),
        }),
        fc.integer(),
        // Past what a PostgreSQL integer column holds, still a JSON number.
        fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e300),
      );
    case 'number':
      return fc.oneof(
        fc.double({ min: num(schema.minimum) ?? -5, max: num(schema.maximum) ?? 1e6, noNaN: true }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(2 ** 31, 2 ** 63, 1e300, -1e300, 5e-324),
      );
    case 'boolean':
      return fc.boolean();
    default:
      return wild;
  }
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const format = STRING_FORMATS[String(schema.format)];
  if (format) return format;
  if (typeof schema.pattern === 'string') {
    try {
      const max = num(schema.maxLength) ?? 64;
      return fc.stringMatching(new RegExp(schema.pattern)).filter((v) => v.length <= max);
    } catch {
      // A pattern fast-check cannot generate from: fall back to plain strings.
    }
  }
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = Math.max(minLength, Math.min(num(schema.maxLength) ?? 40, 40));
  return fc.string({ unit: textUnit, minLength, maxLength });
}

/** A parameter value as a client would put it in a URL or header: always a string. */
export function parameterValue(doc: OpenApiDoc, schema: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    arbitraryFor(doc, schema).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
    fc.string({ maxLength: 30 }),
  );
}
