import { describe, expect, it } from "vitest";
import { readDatabaseUrl } from "./db/database-url";
import { DEMO_API_SECRET, parseEnv } from "./env.server";

const credentials = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "shpss_real" };

describe("parseEnv", () => {
  it("requires the API key and secret in every mode, with no public fallback", () => {
    for (const NODE_ENV of ["development", "test", "production", undefined]) {
      expect(() => parseEnv({ NODE_ENV })).toThrow(/SHOPIFY_API_KEY is required[\s\S]*SHOPIFY_API_SECRET is required/);
      expect(() => parseEnv({ NODE_ENV, SHOPIFY_API_KEY: "key" })).toThrow(/SHOPIFY_API_SECRET is required/);
    }
  });

  it("fills the other defaults", () => {
    expect(parseEnv(credentials)).toMatchObject({
      NODE_ENV: "development",
      SHOPIFY_APP_URL: "http://localhost:3000",
      DATABASE_URL: "file:./prisma/dev.sqlite",
    });
  });

  it("refuses the demo's public secret in production, whatever else is set", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "production", SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: DEMO_API_SECRET }),
    ).toThrow(/SHOPIFY_API_SECRET must be your app's own secret/);
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        SHOPIFY_API_KEY: "key",
        SHOPIFY_API_SECRET: DEMO_API_SECRET,
        LOYALTY_DEMO: "1",
        DEMO: "1",
      }),
    ).toThrow(/SHOPIFY_API_SECRET/);
    expect(parseEnv({ NODE_ENV: "production", ...credentials }).SHOPIFY_API_SECRET).toBe("shpss_real");
  });

  it("explains a database URL it cannot use", () => {
    expect(() => parseEnv({ ...credentials, DATABASE_URL: "mysql://localhost/x" })).toThrow(
      /DATABASE_URL: must start with file:/,
    );
    expect(() => readDatabaseUrl({ DATABASE_URL: "mysql://localhost/x" })).toThrow(
      /DATABASE_URL: must start with file:/,
    );
    expect(readDatabaseUrl({})).toBe("file:./prisma/dev.sqlite");
  });
});
