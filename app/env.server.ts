/**
 * The app's environment, validated once at boot: a missing secret fails the start with a
 * clear message instead of a 500 on the first request.
 *
 * The API key and secret have no defaults, in any mode: a deployment that forgets them must
 * not fall back to a value anyone can read. The offline demo supplies its own documented
 * public values before the app loads (demo/start.ts); they are refused in every other process,
 * whatever NODE_ENV or any other variable says (app/demo-process.ts).
 */
import { z } from "zod";
import { databaseUrlSchema } from "./db/database-url";
import { DEMO_API_KEY, DEMO_API_SECRET, isDemoProcess } from "./demo-process";

export { DEMO_API_KEY, DEMO_API_SECRET };

const required = (name: string) =>
  z
    .string({ required_error: `${name} is required (from your app in the Partner Dashboard)` })
    .min(1, `${name} is required`);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: required("SHOPIFY_API_KEY"),
  SHOPIFY_API_SECRET: required("SHOPIFY_API_SECRET"),
  SHOPIFY_APP_URL: z.string().url().default("http://localhost:3000"),
  // The same scopes as shopify.app.toml's [access_scopes] (env.server.test.ts holds them together).
  SCOPES: z
    .string()
    .default(
      "read_customers,write_customers,read_orders,read_products,write_discounts,write_store_credit_account_transactions",
    ),
  DATABASE_URL: databaseUrlSchema,
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

/** `demoProcess`: whether this is the offline demo's process (tests pass it; the app asks). */
export function parseEnv(source: Record<string, string | undefined>, demoProcess = isDemoProcess()): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const env = parsed.data;
  const usesDemoCredentials = env.SHOPIFY_API_SECRET === DEMO_API_SECRET || env.SHOPIFY_API_KEY === DEMO_API_KEY;
  if (usesDemoCredentials && !demoProcess) {
    throw new Error(
      "SHOPIFY_API_SECRET must be your app's own secret, and SHOPIFY_API_KEY its own key (Partner Dashboard): the offline demo's are public, and only `npm run demo` may use them.",
    );
  }
  // Not even the demo runs in production mode with them.
  if (usesDemoCredentials && env.NODE_ENV === "production") {
    throw new Error("SHOPIFY_API_SECRET must be your app's own secret in production (the demo's is public).");
  }
  return env;
}

export const env: Env = parseEnv(process.env);
