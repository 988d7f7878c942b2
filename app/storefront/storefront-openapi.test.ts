/**
 * docs/api/storefront.openapi.json is what theme developers read about the app proxy routes:
 * it must be what the code builds from the routes' own schemas, name every route, and show
 * examples the schemas accept. (Real answers are held to it in
 * tests/integration/storefront-api.test.ts.)
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  STOREFRONT_ROUTES,
  STOREFRONT_SCHEMAS,
  storefrontOpenApi,
  type StorefrontSchemaName,
} from "./storefront-openapi";

const doc = JSON.parse(readFileSync(new URL("../../docs/api/storefront.openapi.json", import.meta.url), "utf8"));
const routesDir = new URL("../routes/", import.meta.url);

interface MediaType {
  /** One schema, or one of several when a status's errors differ in shape. */
  schema: { $ref: string } | { oneOf: { $ref: string }[] };
  examples?: Record<string, { value: unknown }>;
}
type Operation = {
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
};

const schemaNamed = (ref: { $ref: string }) => STOREFRONT_SCHEMAS[ref.$ref.split("/").pop() as StorefrontSchemaName];
/** Whether exactly one of the media type's schemas accepts the value (OpenAPI's oneOf). */
const accepts = (media: MediaType, value: unknown) => {
  const refs = "oneOf" in media.schema ? media.schema.oneOf : [media.schema];
  return refs.filter((ref) => schemaNamed(ref).safeParse(value).success).length === 1;
};
const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );

describe("the storefront API's OpenAPI document", () => {
  it("is what the routes' schemas build (run `npm run openapi:storefront` after changing them)", () => {
    expect(doc).toEqual(storefrontOpenApi());
  });

  it("has a path for every app proxy route, with the methods the route answers, and no other", () => {
    const files = readdirSync(routesDir).filter((name) => /^proxy\..+\.tsx$/.test(name));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const expected = Object.fromEntries(
      files.map((name) => {
        const source = readFileSync(new URL(name, routesDir), "utf8");
        const methods = [/export const loader\b/.test(source) && "get", /export const action\b/.test(source) && "post"];
        return [`/${name.slice("proxy.".length, -".tsx".length)}`, methods.filter(Boolean).sort()];
      }),
    );
    const documented = Object.fromEntries(
      Object.entries(doc.paths).map(([path, methods]) => [path, Object.keys(methods as object).sort()]),
    );
    expect(documented).toEqual(expected);
    expect(Object.keys(STOREFRONT_ROUTES).sort()).toEqual(Object.keys(expected).sort());
  });

  it("shows request and answer examples its own schemas accept, each error under its status with its code", () => {
    let checked = 0;
    for (const { path, method, operation } of operations()) {
      for (const media of Object.values(operation.requestBody?.content ?? {})) {
        for (const [name, example] of Object.entries(media.examples ?? {})) {
          expect(accepts(media, example.value), `${method} ${path} request ${name}`).toBe(true);
          checked++;
        }
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        for (const media of Object.values(response.content ?? {})) {
          for (const [name, example] of Object.entries(media.examples ?? {})) {
            expect(accepts(media, example.value), `${method} ${path} ${status} ${name}`).toBe(true);
            if (status !== "200") expect((example.value as { error: string }).error).toBe(name);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it("says how Shopify signs a call and who the customer is", () => {
    expect(doc.security).toEqual([{ appProxySignature: [] }]);
    for (const { operation } of operations()) {
      const names = (operation as unknown as { parameters: { name: string }[] }).parameters.map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(["signature", "logged_in_customer_id", "shop", "timestamp"]));
    }
  });

  it("names every query parameter GET /customer reads (the reward texts' locale)", () => {
    const names = (doc.paths["/customer"].get.parameters as { name: string; in: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(["locale", "If-None-Match"]));
  });

  it("has no reference to a schema it does not define", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(doc.components.schemas, ref).toHaveProperty(ref);
  });
});
