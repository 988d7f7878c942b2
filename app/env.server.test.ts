import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readDatabaseUrl } from "./db/database-url";
import { isDemoProcess, markDemoProcess } from "./demo-process";
import { DEMO_API_KEY, DEMO_API_SECRET, parseEnv } from "./env.server";

const credentials = { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "shpss_real" };

describe("parseEnv", () => {
  it("requires the API key and secret in every mode, with no public fallback", () => {
    for (const NODE_ENV of ["development", "test", "production", undefined]) {
      expect(() => parseEnv({ NODE_ENV })).toThrow(/SHOPIFY_API_KEY is required[\s\S]*SHOPIFY_API_SECRET is required/);
      expect(() => parseEnv({ NODE_ENV, SHOPIFY_API_KEY: "key" })).toThrow(/SHOPIFY_API_SECRET is required/);
    }
  });

  it("asks for the scopes shopify.app.toml declares, by default", () => {
    const toml = readFileSync(new URL("../shopify.app.toml", import.meta.url), "utf8");
    const declared = /^\s*scopes\s*=\s*"([^"]*)"/m.exec(toml)?.[1];
    expect(declared).toContain("write_store_credit_account_transactions");
    expect(parseEnv(credentials).SCOPES).toBe(declared);
  });

  it("fills the other defaults", () => {
    expect(parseEnv(credentials)).toMatchObject({
      NODE_ENV: "development",
      SHOPIFY_APP_URL: "http://localhost:3000",
      DATABASE_URL: "file:./prisma/dev.sqlite",
    });
  });

  it("refuses the demo's public secret and key outside the demo process, in every mode and whatever else is set", () => {
    const demoishSwitches = { LOYALTY_DEMO: "1", DEMO: "1", DEMO_MODE: "true" };
    for (const NODE_ENV of ["development", "test", "production", undefined]) {
      for (const source of [
        { SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: DEMO_API_SECRET },
        { SHOPIFY_API_KEY: DEMO_API_KEY, SHOPIFY_API_SECRET: "shpss_real" },
        { SHOPIFY_API_KEY: DEMO_API_KEY, SHOPIFY_API_SECRET: DEMO_API_SECRET, ...demoishSwitches },
      ]) {
        expect(() => parseEnv({ NODE_ENV, ...source }, false), `${NODE_ENV} ${JSON.stringify(source)}`).toThrow(
          /SHOPIFY_API_SECRET must be your app's own secret[\s\S]*only `npm run demo` may use them/,
        );
      }
    }
    expect(parseEnv({ NODE_ENV: "production", ...credentials }, false).SHOPIFY_API_SECRET).toBe("shpss_real");
  });

  it("lets the demo process, and only it, use them, never in production", () => {
    const demo = { SHOPIFY_API_KEY: DEMO_API_KEY, SHOPIFY_API_SECRET: DEMO_API_SECRET };
    expect(parseEnv({ NODE_ENV: "development", ...demo }, true).SHOPIFY_API_SECRET).toBe(DEMO_API_SECRET);
    expect(() => parseEnv({ NODE_ENV: "production", ...demo }, true)).toThrow(
      /must be your app's own secret in production/,
    );
  });

  it("asks the process whether it is the demo, which no environment variable can answer", () => {
    const demo = { NODE_ENV: "development", SHOPIFY_API_KEY: DEMO_API_KEY, SHOPIFY_API_SECRET: DEMO_API_SECRET };
    expect(isDemoProcess()).toBe(false);
    expect(() => parseEnv({ ...demo, LOYALTY_DEMO: "1" })).toThrow(/only `npm run demo`/);
    markDemoProcess();
    try {
      expect(isDemoProcess()).toBe(true);
      expect(parseEnv(demo).SHOPIFY_API_KEY).toBe(DEMO_API_KEY);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[Symbol.for("loyalty-bazaar.demo-process")];
    }
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
