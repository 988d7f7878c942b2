/**
 * Environment, validated once at boot: a missing secret fails the start with a clear
 * message instead of a 500 on the first request.
 */
import { z } from "zod";

/** Used when SHOPIFY_API_SECRET is unset, so the offline demo signs and verifies with the
 * same key. Production refuses to start with it (see below). */
export const DEMO_API_SECRET = "demo-secret-not-for-production";
export const DEMO_API_KEY = "demo-api-key";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1).default(DEMO_API_KEY),
  SHOPIFY_API_SECRET: z.string().min(1).default(DEMO_API_SECRET),
  SHOPIFY_APP_URL: z.string().url().default("http://localhost:3000"),
  SCOPES: z.string().default("read_customers,write_customers,read_orders,write_discounts"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgres:// (PostgreSQL)")
    .default("file:./prisma/dev.sqlite"),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const env = parsed.data;
  // No switch turns this off: the demo runs in development mode, never with NODE_ENV=production.
  if (env.NODE_ENV === "production" && (!source.SHOPIFY_API_SECRET || env.SHOPIFY_API_SECRET === DEMO_API_SECRET)) {
    throw new Error("SHOPIFY_API_SECRET must be set in production (the demo default is public).");
  }
  return env;
}

export const env: Env = parseEnv(process.env);
