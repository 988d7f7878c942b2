/**
 * The app's environment, validated once at boot: a missing secret fails the start with a
 * clear message instead of a 500 on the first request.
 *
 * The API key and secret have no defaults, in any mode: a deployment that forgets them must
 * not fall back to a value anyone can read. The offline demo supplies its own documented
 * defaults before the app loads (demo/start.ts).
 */
import { z } from "zod";
import { databaseUrlSchema } from "./db/database-url";

/** The public values the offline demo uses when none are set (demo/start.ts). */
export const DEMO_API_SECRET = "demo-secret-not-for-production";
export const DEMO_API_KEY = "demo-api-key";

const required = (name: string) =>
  z
    .string({ required_error: `${name} is required (from your app in the Partner Dashboard)` })
    .min(1, `${name} is required`);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: required("SHOPIFY_API_KEY"),
  SHOPIFY_API_SECRET: required("SHOPIFY_API_SECRET"),
  SHOPIFY_APP_URL: z.string().url().default("http://localhost:3000"),
  SCOPES: z.string().default("read_customers,write_customers,read_orders,read_products,write_discounts"),
  DATABASE_URL: databaseUrlSchema,
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
  if (env.NODE_ENV === "production" && env.SHOPIFY_API_SECRET === DEMO_API_SECRET) {
    throw new Error("SHOPIFY_API_SECRET must be your app's own secret in production (the demo's is public).");
  }
  return env;
}

export const env: Env = parseEnv(process.env);
