/**
 * A zod schema as JSON Schema (2020-12, the dialect of OpenAPI 3.1), for API documents derived
 * from the schemas that validate and type the answers (docs/api/storefront.openapi.json).
 * It covers the zod the app's API schemas use and throws on anything else, so a schema the
 * document cannot say is found by the document's test rather than published wrong. Refinements
 * (superRefine) check more than JSON Schema can say: they are left to the description. Pure.
 */
import { z, type ZodTypeAny } from "zod";

export type JsonSchema = { [key: string]: unknown };

function stringSchema(def: z.ZodStringDef): JsonSchema {
  const schema: JsonSchema = { type: "string" };
  for (const check of def.checks) {
    if (check.kind === "min") schema.minLength = check.value;
    else if (check.kind === "max") schema.maxLength = check.value;
    else if (check.kind === "length") schema.minLength = schema.maxLength = check.value;
    else if (check.kind === "regex") schema.pattern = check.regex.source;
    else if (check.kind === "datetime") schema.format = "date-time";
    else if (check.kind !== "trim") throw new Error(`zodToJsonSchema: string check "${check.kind}" has no JSON Schema`);
  }
  return schema;
}

function numberSchema(def: z.ZodNumberDef): JsonSchema {
  const schema: JsonSchema = { type: "number" };
  for (const check of def.checks) {
    if (check.kind === "int") schema.type = "integer";
    else if (check.kind === "min") schema[check.inclusive ? "minimum" : "exclusiveMinimum"] = check.value;
    else if (check.kind === "max") schema[check.inclusive ? "maximum" : "exclusiveMaximum"] = check.value;
    else throw new Error(`zodToJsonSchema: number check "${check.kind}" has no JSON Schema`);
  }
  return schema;
}

function objectSchema(def: z.ZodObjectDef): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, value] of Object.entries(def.shape() as Record<string, ZodTypeAny>)) {
    properties[key] = zodToJsonSchema(value);
    if (!value.isOptional()) required.push(key);
  }
  return {
    type: "object",
    properties,
    ...(required.length > 0 ? { required } : {}),
    // strict(): a field the schema does not name is an error; passthrough and strip allow it.
    ...(def.unknownKeys === "strict" ? { additionalProperties: false } : {}),
  };
}

/** `null` added to a schema: to its `type`, its `enum`, or as an alternative. */
function orNull(schema: JsonSchema): JsonSchema {
  const { description, ...rest } = schema;
  const nullable =
    typeof rest.type === "string" && !("enum" in rest) && !("const" in rest)
      ? { ...rest, type: [rest.type, "null"] }
      : { anyOf: [rest, { type: "null" }] };
  return description === undefined ? nullable : { ...nullable, description };
}

function bare(schema: ZodTypeAny): JsonSchema {
  const def = schema._def as { typeName: z.ZodFirstPartyTypeKind } & Record<string, unknown>;
  switch (def.typeName) {
    case z.ZodFirstPartyTypeKind.ZodString:
      return stringSchema(def as unknown as z.ZodStringDef);
    case z.ZodFirstPartyTypeKind.ZodNumber:
      return numberSchema(def as unknown as z.ZodNumberDef);
    case z.ZodFirstPartyTypeKind.ZodBoolean:
      return { type: "boolean" };
    case z.ZodFirstPartyTypeKind.ZodLiteral:
      return { const: def.value };
    case z.ZodFirstPartyTypeKind.ZodEnum:
      return { type: "string", enum: [...(def.values as string[])] };
    case z.ZodFirstPartyTypeKind.ZodObject:
      return objectSchema(def as unknown as z.ZodObjectDef);
    case z.ZodFirstPartyTypeKind.ZodArray: {
      const array = def as unknown as z.ZodArrayDef;
      return {
        type: "array",
        items: zodToJsonSchema(array.type),
        ...(array.minLength ? { minItems: array.minLength.value } : {}),
        ...(array.maxLength ? { maxItems: array.maxLength.value } : {}),
      };
    }
    case z.ZodFirstPartyTypeKind.ZodUnion:
    case z.ZodFirstPartyTypeKind.ZodDiscriminatedUnion:
      return { oneOf: [...(def.options as ZodTypeAny[])].map(zodToJsonSchema) };
    case z.ZodFirstPartyTypeKind.ZodNullable:
      return orNull(zodToJsonSchema(def.innerType as ZodTypeAny));
    case z.ZodFirstPartyTypeKind.ZodOptional:
    case z.ZodFirstPartyTypeKind.ZodDefault:
      return zodToJsonSchema(def.innerType as ZodTypeAny);
    case z.ZodFirstPartyTypeKind.ZodEffects:
      // A refinement: what JSON Schema can say is the schema it refines.
      return zodToJsonSchema(def.schema as ZodTypeAny);
    default:
      throw new Error(`zodToJsonSchema: ${def.typeName} has no JSON Schema here`);
  }
}

export function zodToJsonSchema(schema: ZodTypeAny): JsonSchema {
  const json = bare(schema);
  // A wrapper's own description wins over what it wraps.
  return schema.description === undefined ? json : { ...json, description: schema.description };
}
