import { describe, expect, it } from "vitest";
import { DEMO_API_SECRET, parseEnv } from "./env.server";

describe("parseEnv", () => {
  it("fills the documented defaults for the offline demo", () => {
    const env = parseEnv({ NODE_ENV: "development" });
    expect(env).toMatchObject({ SHOPIFY_API_SECRET: DEMO_API_SECRET, DATABASE_URL: "file:./prisma/dev.sqlite" });
  });

  it("refuses to run production without a real API secret, whatever else is set", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SHOPIFY_API_SECRET must be set/);
    expect(() => parseEnv({ NODE_ENV: "production", SHOPIFY_API_SECRET: DEMO_API_SECRET })).toThrow(/SHOPIFY_API_SECRET/);
    expect(() => parseEnv({ NODE_ENV: "production", LOYALTY_DEMO: "1", DEMO: "1" })).toThrow(/SHOPIFY_API_SECRET/);
    expect(parseEnv({ NODE_ENV: "production", SHOPIFY_API_SECRET: "shpss_real" }).SHOPIFY_API_SECRET).toBe("shpss_real");
  });

  it("explains a database URL it cannot use", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://localhost/x" })).toThrow(/DATABASE_URL: must start with file:/);
  });
});
