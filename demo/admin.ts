/**
 * The offline demo's Shopify admin. It opens the embedded app as the admin does, with a
 * session token signed with the app's secret, and stands in for the App Bridge script that
 * the admin would load from Shopify's CDN (unreachable offline). The app's own routes and
 * their token checks are untouched: this only produces what Shopify would produce.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Express, NextFunction, Request, Response } from "express";
import type { FakeShopify } from "./fake-shopify";
import type { DemoOptions } from "./mount";
import { sessionToken } from "./shopify-signing";

/** Where AppProvider (and the auth bounce page) load App Bridge from; hard-coded there. */
export const APP_BRIDGE_CDN_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
export const APP_BRIDGE_STANDIN_PATH = "/demo/app-bridge.js";
export const SESSION_TOKEN_PATH = "/demo/session-token";
/** What the fake Shopify holds for the demo shop: the discount codes and store credit the app created. */
export const SHOPIFY_STATE_PATH = "/demo/shopify.json";

const standinFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "app-bridge-standin.js");

/** The `host` parameter the admin passes: base64 of "<shop>/admin". */
export function adminHost(shop: string): string {
  return Buffer.from(`${shop}/admin`).toString("base64");
}

/** The URL the admin loads in its iframe when a merchant opens the app. */
export function embeddedAppUrl(options: DemoOptions, appPath = "/app"): string {
  const params = new URLSearchParams({
    embedded: "1",
    shop: options.shop,
    host: adminHost(options.shop),
    id_token: sessionToken({ shop: options.shop, apiKey: options.apiKey, secret: options.apiSecret }),
  });
  return `${appPath}?${params.toString()}`;
}

export function mountAdminHost(app: Express, options: DemoOptions, shopify: FakeShopify) {
  // Read once: the file is small and never changes while the demo runs.
  const standin = readFileSync(standinFile, "utf8");

  app.get("/admin", (req, res) => {
    // Only app pages can be opened this way (no open redirect to another site).
    const requested = typeof req.query.path === "string" ? req.query.path : "/app";
    const appPath = /^\/app(\/[\w-]+)*$/.test(requested) ? requested : "/app";
    res.set("Cache-Control", "no-store").redirect(302, embeddedAppUrl(options, appPath));
  });

  app.get(APP_BRIDGE_STANDIN_PATH, (_req, res) => {
    res.type("application/javascript").set("Cache-Control", "no-cache").send(standin);
  });

  // What App Bridge's `shopify.idToken()` gets from the admin. Browsers send
  // Sec-Fetch-Site with fetch(); refusing cross-site callers keeps other pages from
  // obtaining tokens through the visitor's browser (CORS already stops them reading it).
  app.get(SESSION_TOKEN_PATH, (req, res) => {
    const site = req.get("sec-fetch-site");
    if (site && site !== "same-origin") {
      res.status(403).json({ error: "Session tokens are only handed to the app's own pages." });
      return;
    }
    res
      .set("Cache-Control", "no-store")
      .json({ token: sessionToken({ shop: options.shop, apiKey: options.apiKey, secret: options.apiSecret }) });
  });

  // The Shopify admin's Discounts list and customers' store credit, for the demo shop only.
  app.get(SHOPIFY_STATE_PATH, (req, res) => {
    const site = req.get("sec-fetch-site");
    if (site && site !== "same-origin") {
      res.status(403).json({ error: "Only the demo's own pages may read this." });
      return;
    }
    const ofShop = <T extends { shop: string }>(rows: readonly T[]) => rows.filter((row) => row.shop === options.shop);
    res
      .set("Cache-Control", "no-store")
      .json({ discounts: ofShop(shopify.discounts), storeCredits: ofShop(shopify.storeCredits) });
  });

  app.use(rewriteAppBridgeScript);
}

/**
 * Points the app's HTML at the stand-in instead of the CDN. HTML responses are buffered and
 * rewritten as a whole (a chunk boundary could split the URL); everything else streams
 * through untouched. The admin pages are small, so buffering costs nothing noticeable.
 */
function rewriteAppBridgeScript(req: Request, res: Response, next: NextFunction) {
  if (req.method === "HEAD") return next();
  const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;
  const chunks: Buffer[] = [];
  let buffering: boolean | undefined;

  const isHtml = () => (buffering ??= /^text\/html/i.test(String(res.getHeader("content-type") ?? "")));
  const toBuffer = (chunk: unknown, encoding?: unknown) =>
    Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === "string"
        ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
        : Buffer.from(chunk as Uint8Array);

  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (!isHtml()) return write(chunk, ...rest);
    chunks.push(toBuffer(chunk, rest[0]));
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as Response["write"];

  res.end = ((...args: unknown[]) => {
    const [chunk, encoding] = args;
    if (!isHtml()) return end(...args);
    if (chunk != null && typeof chunk !== "function") chunks.push(toBuffer(chunk, encoding));
    const callback = args.find((arg) => typeof arg === "function") as (() => void) | undefined;
    const html = Buffer.concat(chunks).toString("utf8").replaceAll(APP_BRIDGE_CDN_URL, APP_BRIDGE_STANDIN_PATH);
    const body = Buffer.from(html, "utf8");
    if (!res.headersSent) res.setHeader("Content-Length", body.length);
    return callback ? end(body, callback) : end(body);
  }) as Response["end"];

  next();
}
