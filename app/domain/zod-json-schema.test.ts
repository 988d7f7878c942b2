import { z } from "zod";
import { describe, expect, it } from "vitest";
import { zodToJsonSchema } from "./zod-json-schema";

describe("zodToJsonSchema", () => {
  it("says objects, required and optional fields, strictness, numbers' and strings' bounds", () => {
    const schema = z
      .object({
        count: z.number().int().min(0).max(10),
        ratio: z.number().gt(0),
        code: z
          .string()
          .trim()
          .min(1)
          .max(8)
          .regex(/^[A-Z]+$/),
        note: z.string().optional(),
        flag: z.boolean().default(false),
      })
      .strict();
    expect(zodToJsonSchema(schema)).toEqual({
      type: "object",
      properties: {
        count: { type: "integer", minimum: 0, maximum: 10 },
        ratio: { type: "number", exclusiveMinimum: 0 },
        code: { type: "string", minLength: 1, maxLength: 8, pattern: "^[A-Z]+$" },
        note: { type: "string" },
        flag: { type: "boolean" },
      },
      required: ["count", "ratio", "code"],
      additionalProperties: false,
    });
  });

  it("says null, enums, literals, unions, arrays and descriptions, through refinements", () => {
    const schema = z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("a"), tags: z.array(z.enum(["x", "y"])).max(3) }),
        z.object({ kind: z.literal("b"), at: z.string().nullable().describe("When.") }),
      ])
      .superRefine(() => {});
    expect(zodToJsonSchema(schema)).toEqual({
      oneOf: [
        {
          type: "object",
          properties: {
            kind: { const: "a" },
            tags: { type: "array", items: { type: "string", enum: ["x", "y"] }, maxItems: 3 },
          },
          required: ["kind", "tags"],
        },
        {
          type: "object",
          properties: { kind: { const: "b" }, at: { type: ["string", "null"], description: "When." } },
          required: ["kind", "at"],
        },
      ],
    });
    expect(zodToJsonSchema(z.enum(["p", "q"]).nullable())).toEqual({
      anyOf: [{ type: "string", enum: ["p", "q"] }, { type: "null" }],
    });
  });

  it("refuses what it cannot say rather than publish it wrong", () => {
    expect(() => zodToJsonSchema(z.map(z.string(), z.number()))).toThrow(/ZodMap/);
    expect(() => zodToJsonSchema(z.string().email())).toThrow(/email/);
  });
});
