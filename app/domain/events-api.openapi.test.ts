/**
 * docs/api/events.openapi.json is what merchants' developers read: it must name every error
 * the API can answer, with the status the API answers it with, and its examples must be
 * bodies the API accepts. (JSON rather than YAML: the project has no YAML parser of its own.)
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES, EVENTS_API_ERRORS, EVENTS_API_PATH, HEADERS, parseEventRequestBody } from "./events-api";
import { REFUSAL_CODES } from "./rules";

interface Example {
  value: Record<string, unknown>;
}
interface MediaType {
  schema: { $ref?: string };
  examples: Record<string, Example>;
}
interface Operation {
  parameters: { name: string; in: string; required: boolean }[];
  requestBody: { content: { "application/json": MediaType } };
  responses: Record<string, { content: { "application/json": MediaType }; headers?: Record<string, unknown> }>;
}

const doc = JSON.parse(readFileSync(new URL("../../docs/api/events.openapi.json", import.meta.url), "utf8"));
const operation: Operation = doc.paths[EVENTS_API_PATH].post;
const schemas = doc.components.schemas;

const examplesOf = (status: string) =>
  Object.values(operation.responses[status]?.content["application/json"].examples ?? {});

describe("the events API's OpenAPI document", () => {
  it("is OpenAPI 3.1 for POST /api/v1/events, signed through the X-Loyalty-Signature scheme", () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.security).toEqual([{ shopSignature: [] }]);
    expect(doc.components.securitySchemes.shopSignature).toMatchObject({
      type: "apiKey",
      in: "header",
      name: HEADERS.signature,
    });
    const headers = operation.parameters.filter((p) => p.in === "header" && p.required).map((p) => p.name);
    expect(headers.sort()).toEqual([HEADERS.idempotencyKey, HEADERS.shop, HEADERS.timestamp].sort());
  });

  it.each(Object.entries(EVENTS_API_ERRORS))("documents %s under status %i, with an example", (code, status) => {
    expect(examplesOf(String(status)).map((example) => example.value.error)).toContain(code);
  });

  it("documents no error the API does not answer, and lists them all in the Error schema", () => {
    const codes = Object.keys(EVENTS_API_ERRORS);
    const documented = Object.keys(operation.responses)
      .filter((status) => status !== "200")
      .flatMap((status) => examplesOf(status).map((example) => [example.value.error, Number(status)]));
    expect(documented.sort()).toEqual(Object.entries(EVENTS_API_ERRORS).sort());
    expect([...schemas.Error.properties.error.enum].sort()).toEqual(codes.sort());
    expect(operation.responses["429"]?.headers).toHaveProperty("Retry-After");
  });

  it("lists the engine's refusal codes", () => {
    expect([...schemas.Refusal.properties.code.enum].sort()).toEqual([...REFUSAL_CODES].sort());
  });

  it("shows request bodies the API accepts, one per event type it takes", () => {
    const examples = Object.values(operation.requestBody.content["application/json"].examples);
    const types = examples.map((example) => {
      const parsed = parseEventRequestBody(new TextEncoder().encode(JSON.stringify(example.value)));
      expect(parsed, JSON.stringify(example.value)).toMatchObject({ ok: true });
      return parsed.ok ? parsed.body.type : null;
    });
    // Every type but plain visits has an example (a visit has no field to show).
    expect(new Set(types)).toEqual(new Set(EVENT_TYPES.filter((type) => type !== "visit")));
    const schemaTypes = schemas.Event.oneOf.map(
      (ref: { $ref: string }) => schemas[ref.$ref.split("/").pop()!].properties.type.const,
    );
    expect(schemaTypes.sort()).toEqual([...EVENT_TYPES].sort());
  });

  it("has no reference to a schema it does not define", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(schemas, ref).toHaveProperty(ref);
  });
});
