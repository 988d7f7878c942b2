/**
 * The demo shop's storefront, played offline. It does the two things Shopify does for the
 * loyalty widget on a real store:
 * - renders the real theme app extension block (extensions/loyalty-widget) with liquidjs and
 *   Shopify-like objects (customer, shop, routes, request, block.settings) and filters
 *   (asset_url, stylesheet_tag, t, color_brightness), inside a small shop-like page;
 * - acts as the app proxy: /apps/loyalty/* (also under a locale prefix such as /fr) is
 *   forwarded to the app's /proxy/* with the query Shopify adds, signed with the app's
 *   secret, and the app's answer is returned unchanged. The app verifies that signature
 *   with its production code, so nothing about the app is relaxed for the demo.
 * Who is "logged in" is the viewer's choice (a cookie), as a storefront session would be.
 * The blocks see `customer.metafields` and `app.metafields` as the fake Shopify holds them
 * (demo/fake-shopify.ts: what the app's facts sync and rewarded-pages sync wrote), typed as
 * Liquid types them (`.value` of a json metafield is the parsed value, of a number_integer a number).
 * Besides the home page (/storefront: the app owns "/"), the shop has pages at Shopify's own
 * paths so the merchant's page patterns apply as on a real store: /pages/lookbook (a
 * rewarded page in the demo's rules), /pages/stores (a store locator whose search form
 * reports a store search), /pages/rewards (the loyalty page app block) and /products/<handle> (with the share block), each also under
 * a locale prefix (/fr/pages/lookbook).
 */
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express, type Request, type Response } from "express";
import { Liquid } from "liquidjs";
import type { FakeShopify } from "./fake-shopify";
import type { DemoOptions } from "./mount";
import { DEMO_SHOPPERS, type DemoShopper } from "./shoppers";
import { signedAppProxyQuery } from "./shopify-signing";

const extensionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../extensions/loyalty-widget");
const blocksDir = path.join(extensionDir, "blocks");
const snippetsDir = path.join(extensionDir, "snippets");
const assetsDir = path.join(extensionDir, "assets");
const localesDir = path.join(extensionDir, "locales");

export const PROXY_PATH_PREFIX = "/apps/loyalty";
const ASSET_ROUTE = "/storefront/assets";
const VIEWER_COOKIE = "demo_storefront_as";
const DEFAULT_LOCALE = "en";

/**
 * "customer" is the demo's main shopper (Ada, DemoOptions.customerId); "katherine" a second one;
 * "charles" the big spender, with points for every reward in the Bazaar; "grace" part way through
 * the demo's challenges, whose visits no other browser test makes (demo/shoppers.ts).
 */
export type StorefrontViewer = "customer" | "katherine" | "charles" | "grace" | "guest";
const VIEWERS: { viewer: StorefrontViewer; label: string }[] = [
  { viewer: "customer", label: "Ada (logged in)" },
  { viewer: "katherine", label: "Katherine (logged in)" },
  { viewer: "charles", label: "Charles (logged in)" },
  { viewer: "grace", label: "Grace (logged in)" },
  { viewer: "guest", label: "Guest" },
];

/** The logged-in shopper for a viewer (Ada's id is the demo's configured one), or null for a guest. */
function shopperFor(viewer: StorefrontViewer, options: Pick<DemoOptions, "customerId">): DemoShopper | null {
  if (viewer === "katherine") return DEMO_SHOPPERS.katherine;
  if (viewer === "charles") return DEMO_SHOPPERS.charles;
  if (viewer === "grace") return DEMO_SHOPPERS.grace;
  return viewer === "customer" ? { ...DEMO_SHOPPERS.ada, id: options.customerId } : null;
}

// ---------------------------------------------------------------------------------------------
// Rendering the block as Shopify would
// ---------------------------------------------------------------------------------------------

type Translations = Record<string, unknown>;

async function readLocales(): Promise<Map<string, Translations>> {
  const locales = new Map<string, Translations>();
  for (const file of await readdir(localesDir)) {
    // en.default.json is the default locale; *.schema.json files translate the theme editor only.
    const match = /^([a-z]{2}(?:-[A-Z]{2})?)(\.default)?\.json$/.exec(file);
    if (!match?.[1]) continue;
    locales.set(match[1], JSON.parse(await readFile(path.join(localesDir, file), "utf8")) as Translations);
  }
  return locales;
}

/** The storefront languages the demo offers: one per locale file of the extension. */
export async function availableLocales(): Promise<string[]> {
  return [...(await readLocales()).keys()].sort((a, b) =>
    a === DEFAULT_LOCALE ? -1 : b === DEFAULT_LOCALE ? 1 : a.localeCompare(b),
  );
}

function lookup(translations: Translations | undefined, key: string): unknown {
  return key
    .split(".")
    .reduce<unknown>(
      (node, part) => (node && typeof node === "object" ? (node as Translations)[part] : undefined),
      translations,
    );
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * Shopify's `t` filter: dotted key, fallback to the default locale, `{{ name }}` interpolation
 * (values HTML-escaped unless the key ends in _html), `count` picks the locale's plural form
 * (CLDR's, as Shopify does: French says "0 point", English "0 points").
 */
function translate(locales: Map<string, Translations>, locale: string, key: string, args: unknown[]): string {
  const values: Record<string, unknown> = {};
  for (const arg of args) if (Array.isArray(arg) && typeof arg[0] === "string") values[arg[0]] = arg[1];
  let entry = lookup(locales.get(locale), key) ?? lookup(locales.get(DEFAULT_LOCALE), key);
  if (entry && typeof entry === "object" && "count" in values) {
    const forms = entry as Record<string, unknown>;
    entry = forms[new Intl.PluralRules(locale).select(Number(values.count))] ?? forms.other;
  }
  if (typeof entry !== "string") return `translation missing: ${locale}.${key}`;
  const raw = key.endsWith("_html");
  return entry.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => {
    const value = values[name] == null ? "" : String(values[name]);
    return raw ? value : escapeHtml(value);
  });
}

/** Shopify's color_brightness: perceived brightness 0-255 of a hex colour (W3C formula). */
function colorBrightness(color: unknown): number {
  const hex = String(color ?? "").replace(/^#/, "");
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join("") : hex;
  if (!/^[0-9a-f]{6}$/i.test(full)) return 0;
  const [r = 0, g = 0, b = 0] = [0, 2, 4].map((start) => parseInt(full.slice(start, start + 2), 16));
  return Math.round((r * 299 + g * 587 + b * 114) / 1000);
}

/**
 * Shopify's json filter: nil is null, and <, > and & are escaped so the output is safe inside
 * a <script> element (liquidjs's own json filter does neither).
 */
function shopifyJson(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(
    /[<>&]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Metafields as the fake Shopify holds them ("namespace.key" → type and value). */
export type DemoMetafields = ReadonlyMap<string, { type: string; value: string }>;

/** Liquid's `<owner>.metafields`: namespace → key → metafield, whose `value` is typed. */
function liquidMetafields(metafields: DemoMetafields | undefined) {
  const byNamespace: Record<string, Record<string, { type: string; value: unknown }>> = {};
  for (const [id, { type, value }] of metafields ?? []) {
    const [namespace = "", key = ""] = id.split(".");
    const typed = type === "json" ? JSON.parse(value) : type === "number_integer" ? Number(value) : value;
    (byNamespace[namespace] ??= {})[key] = { type, value: typed };
  }
  return byNamespace;
}

interface BlockSchema {
  settings?: { id: string; default?: unknown }[];
}

/** Splits the block file into its Liquid body and its {% schema %} JSON, as Shopify does. */
export function splitSchema(source: string): { liquid: string; schema: BlockSchema } {
  const schemaTag = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;
  const match = schemaTag.exec(source);
  return {
    liquid: source.replace(schemaTag, ""),
    schema: match?.[1] ? (JSON.parse(match[1]) as BlockSchema) : {},
  };
}

function settingDefaults(schema: BlockSchema): Record<string, unknown> {
  return Object.fromEntries(
    (schema.settings ?? []).filter((setting) => "default" in setting).map((setting) => [setting.id, setting.default]),
  );
}

export interface BlockRenderOptions {
  shop: string;
  /** Shopify customer id of the logged-in shopper, or null for a guest. */
  customerId: string | null;
  /** The logged-in shopper's names; Ada's when left out. */
  shopper?: Omit<DemoShopper, "id">;
  locale?: string;
  /** Shopify's request.page_type: "index", "page", "product". */
  pageType?: string;
  /** The product of a product page, for blocks that use `product`. */
  product?: DemoProduct;
  /** The storefront's origin (request.origin), for absolute links such as share URLs. */
  origin?: string;
  /** The logged-in customer's metafields (`customer.metafields`). */
  customerMetafields?: DemoMetafields;
  /** The app's installation metafields (`app.metafields`). */
  appMetafields?: DemoMetafields;
}

/** The storefront root for a locale: "/" for the default, "/fr" (no trailing slash, like Shopify) otherwise. */
export function rootUrlFor(locale: string): string {
  return locale === DEFAULT_LOCALE ? "/" : `/${locale}`;
}

/** The prefix of a locale's storefront paths: "" for the default, "/fr" otherwise. */
const prefixFor = (locale: string) => rootUrlFor(locale).replace(/\/$/, "");

/**
 * Renders one of the extension's blocks exactly as it is, with Shopify-like globals (visible
 * in the snippets it renders too, as on Shopify). Throws on Liquid errors.
 */
async function renderBlock(file: string, options: BlockRenderOptions): Promise<string> {
  const locale = options.locale ?? DEFAULT_LOCALE;
  const locales = await readLocales();
  const { liquid, schema } = splitSchema(await readFile(path.join(blocksDir, file), "utf8"));
  // strictFilters: a filter the block uses but this preview lacks is an error, not blank output.
  const engine = new Liquid({ root: snippetsDir, extname: ".liquid", strictFilters: true, ownPropertyOnly: true });
  engine.registerFilter("asset_url", (name: string) => `${ASSET_ROUTE}/${encodeURIComponent(name)}`);
  engine.registerFilter(
    "stylesheet_tag",
    (url: string) => `<link href="${url}" rel="stylesheet" type="text/css" media="all" />`,
  );
  engine.registerFilter("color_brightness", colorBrightness);
  engine.registerFilter("json", shopifyJson);
  engine.registerFilter("t", (key: string, ...args: unknown[]) => translate(locales, locale, key, args));
  const rootUrl = rootUrlFor(locale);
  const shopper = options.shopper ?? DEMO_SHOPPERS.ada;
  const blockId = file.replace(/\.liquid$/, "");
  const product = options.product;
  const globals = {
    customer: options.customerId
      ? {
          ...shopper,
          id: Number(options.customerId),
          name: `${shopper.first_name} ${shopper.last_name}`,
          metafields: liquidMetafields(options.customerMetafields),
        }
      : null,
    app: { metafields: liquidMetafields(options.appMetafields) },
    shop: { name: "Demo Bazaar", permanent_domain: options.shop, domain: options.shop, currency: "USD" },
    routes: {
      root_url: rootUrl,
      account_login_url: `${prefixFor(locale)}/account/login`,
      account_register_url: `${prefixFor(locale)}/account/register`,
    },
    request: {
      locale: { iso_code: locale, primary: locale === DEFAULT_LOCALE, root_url: rootUrl },
      design_mode: false,
      page_type: options.pageType ?? "index",
      origin: options.origin ?? "http://localhost",
    },
    product: product
      ? {
          id: product.id,
          title: product.title,
          handle: product.handle,
          url: `${prefixFor(locale)}/products/${product.handle}`,
        }
      : null,
  };
  return engine.parseAndRender(
    liquid,
    { block: { id: blockId, type: blockId, settings: settingDefaults(schema), shopify_attributes: "" } },
    { globals },
  );
}

/** Renders blocks/loyalty-launcher.liquid (the app embed) exactly as it is in the extension. */
export function renderLoyaltyBlock(options: BlockRenderOptions): Promise<string> {
  return renderBlock("loyalty-launcher.liquid", options);
}

/** Renders blocks/loyalty-page.liquid (the loyalty page app block) with its default settings. */
export function renderLoyaltyPageBlock(options: BlockRenderOptions): Promise<string> {
  return renderBlock("loyalty-page.liquid", { pageType: "page", ...options });
}

/** Renders blocks/loyalty-share.liquid (the product page's share block) for `options.product`. */
export function renderShareBlock(options: BlockRenderOptions & { product: DemoProduct }): Promise<string> {
  return renderBlock("loyalty-share.liquid", { pageType: "product", ...options });
}

// ---------------------------------------------------------------------------------------------
// The app proxy
// ---------------------------------------------------------------------------------------------

/**
 * Where Shopify's proxy would send /apps/loyalty/<rest>: the app's /proxy/<rest> with the
 * shopper's own query plus Shopify's signed parameters (which always win over the shopper's).
 * Returns null for paths that would escape /proxy/.
 */
export function appProxyTarget(options: {
  appUrl: string;
  shop: string;
  apiSecret: string;
  rest: string;
  shopperQuery: URLSearchParams;
  customerId: string | null;
  timestamp?: number;
}): URL | null {
  const target = new URL(`proxy/${options.rest}`, options.appUrl.replace(/\/?$/, "/"));
  if (!target.pathname.startsWith("/proxy/") || options.rest.split("/").some((part) => part === ".." || part === "."))
    return null;
  const extra = Object.fromEntries([...options.shopperQuery].filter(([key]) => key !== "signature"));
  target.search = signedAppProxyQuery({
    shop: options.shop,
    secret: options.apiSecret,
    pathPrefix: PROXY_PATH_PREFIX,
    customerId: options.customerId,
    timestamp: options.timestamp,
    extra,
  }).toString();
  return target;
}

async function forwardToApp(req: Request, res: Response, options: DemoOptions, rest: string) {
  const target = appProxyTarget({
    appUrl: options.appUrl,
    shop: options.shop,
    apiSecret: options.apiSecret,
    rest,
    shopperQuery: new URLSearchParams(req.originalUrl.split("?")[1] ?? ""),
    customerId: shopperFor(viewerOf(req), options)?.id ?? null,
  });
  if (!target) return res.status(404).json({ error: "not_found", message: "No such proxy path." });

  const hasBody = req.method !== "GET" && req.method !== "HEAD" && Buffer.isBuffer(req.body) && req.body.length > 0;
  const headers: Record<string, string> = {};
  for (const name of ["accept", "content-type", "user-agent", "if-none-match"]) {
    const value = req.get(name);
    if (value) headers[name] = value;
  }
  let answer: globalThis.Response;
  try {
    answer = await fetch(target, {
      method: req.method,
      headers,
      body: hasBody ? new Uint8Array(req.body as Buffer) : undefined,
      redirect: "manual",
    });
  } catch {
    return res
      .status(502)
      .json({ error: "shopify_unavailable", message: "The loyalty app is not reachable right now." });
  }
  res.status(answer.status);
  for (const name of ["content-type", "cache-control", "etag"]) {
    const value = answer.headers.get(name);
    if (value) res.setHeader(name, value);
  }
  res.send(Buffer.from(await answer.arrayBuffer()));
}

// ---------------------------------------------------------------------------------------------
// The pages and the routes
// ---------------------------------------------------------------------------------------------

function viewerOf(req: Request): StorefrontViewer {
  const cookies = req.get("cookie") ?? "";
  const chosen = cookies
    .split(";")
    .map((pair) => pair.trim().split("="))
    .find(([name]) => name === VIEWER_COOKIE)?.[1];
  return VIEWERS.find((option) => option.viewer === chosen)?.viewer ?? "customer";
}

const pageStyles = `
  *{box-sizing:border-box}body{margin:0;font:16px/1.5 Georgia,"Times New Roman",serif;color:#222;background:#fbf8f3}
  a{color:inherit}.bar{display:flex;flex-wrap:wrap;gap:8px 20px;justify-content:center;padding:8px 16px;background:#222;color:#fff;font:14px system-ui,sans-serif}
  .bar strong{font-weight:600}.bar a[aria-current]{text-decoration:none;font-weight:700}
  header{display:flex;align-items:center;justify-content:space-between;max-width:1040px;margin:0 auto;padding:20px 24px}
  header .logo{font-size:26px;font-weight:700;letter-spacing:.02em;text-decoration:none}
  header nav{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:4px 20px;font:15px system-ui,sans-serif}header nav a[aria-current]{font-weight:700}
  .hero{max-width:1040px;margin:0 auto;padding:32px 24px 8px}.hero h1{font-size:40px;margin:0 0 8px}
  .hero p{max-width:560px;margin:0;color:#555}
  .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:24px;max-width:1040px;margin:0 auto;padding:32px 24px 120px}
  .card{background:#fff;border-radius:12px;overflow:hidden;box-shadow:0 1px 3px rgb(0 0 0/.08)}
  .card .img{aspect-ratio:4/3}.card .body{padding:16px 18px}.card h2{font-size:20px;margin:0 0 4px}
  .price{font:600 15px system-ui,sans-serif;margin:0 0 12px}
  .card button,.product button,.stores button{font:600 14px system-ui,sans-serif;padding:10px 16px;border:1px solid #222;border-radius:8px;background:#fff;cursor:pointer}
  .product{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:32px;max-width:1040px;margin:0 auto;padding:32px 24px 120px}
  .product .img{aspect-ratio:1;border-radius:12px}.product h1{font-size:34px;margin:0 0 8px}
  .page{padding:0 12px 120px}
  .stores{max-width:1040px;margin:0 auto;padding:16px 24px 120px;font-family:system-ui,sans-serif}
  .stores form{display:flex;flex-wrap:wrap;gap:8px;align-items:end}.stores label{display:flex;flex-direction:column;gap:4px}
  .stores input{font:inherit;padding:9px 10px;border:1px solid #888;border-radius:8px}
`;

export interface DemoProduct {
  id: number;
  handle: string;
  title: string;
  price: string;
  art: string;
  description: string;
}

const products: DemoProduct[] = [
  {
    id: 7001,
    handle: "analytical-engine-tea",
    title: "Analytical Engine Tea",
    price: "$18.00",
    art: "linear-gradient(135deg,#d9c3a0,#8f6b3f)",
    description: "A smoky black tea for long evenings of computation.",
  },
  {
    id: 7002,
    handle: "difference-notebook",
    title: "Difference Notebook",
    price: "$12.00",
    art: "linear-gradient(135deg,#a7c4bc,#2f5d62)",
    description: "Squared paper, numbered pages, a ribbon to keep your place.",
  },
  {
    id: 7003,
    handle: "punch-card-tote",
    title: "Punch-Card Tote",
    price: "$24.00",
    art: "linear-gradient(135deg,#e8b4a0,#a23e48)",
    description: "Heavy cotton, printed with a real loom pattern.",
  },
];

const stores = [
  { city: "London", address: "12 Marylebone High Street" },
  { city: "Paris", address: "8 rue des Archives" },
  { city: "New York", address: "220 Lafayette Street" },
];

/** What a page of the demo shop shows between its header and the widget. */
type ShopPage =
  | { kind: "home" }
  | { kind: "lookbook" }
  | { kind: "rewards"; pageBlock: string }
  | { kind: "stores"; query: string }
  | { kind: "product"; product: DemoProduct; shareBlock: string };

function pageTitle(page: ShopPage): string {
  if (page.kind === "product") return page.product.title;
  return { home: "Storefront preview", lookbook: "Lookbook", stores: "Our stores", rewards: "Rewards" }[page.kind];
}

function pageMain(page: ShopPage, prefix: string): string {
  const productLink = (product: DemoProduct) => `${prefix}/products/${product.handle}`;
  const cards = (list: DemoProduct[], headingLevel: 2 | 3) =>
    list
      .map(
        (
          product,
        ) => `<article class="card"><div class="img" style="background:${product.art}" role="img" aria-label="${product.title}"></div>
        <div class="body"><h${headingLevel}><a href="${productLink(product)}">${product.title}</a></h${headingLevel}><p class="price">${product.price}</p><button type="button">Add to cart</button></div></article>`,
      )
      .join("\n");
  switch (page.kind) {
    case "home":
      return `<section class="hero"><h1>Small goods, carefully made</h1>
    <p>Every order earns loyalty points. Open <em>Rewards</em> at the bottom of the page to see your balance and spend it.</p></section>
  <section class="grid" aria-label="Products">${cards(products, 2)}</section>`;
    case "lookbook":
      return `<section class="hero"><h1>Lookbook: spring</h1>
    <p>Our favourite things for the season, photographed in the workshop. Visiting this page earns points once a day.</p></section>
  <section class="grid" aria-label="In the lookbook">${cards(products.slice().reverse(), 2)}</section>`;
    case "rewards":
      return `<div class="page">${page.pageBlock}</div>`;
    case "stores": {
      const query = page.query.trim().toLowerCase();
      const found = stores.filter((store) => !query || `${store.city} ${store.address}`.toLowerCase().includes(query));
      return `<section class="hero"><h1>Our stores</h1><p>Find a shop near you. A search earns points.</p></section>
  <section class="stores">
    <form method="get" action="${prefix}/pages/stores" role="search" data-loyalty-event="store_search">
      <label>City or postcode<input type="search" name="q" value="${escapeHtml(page.query)}"></label>
      <button type="submit">Search</button>
    </form>
    <ul>${found.map((store) => `<li><strong>${store.city}</strong>, ${store.address}</li>`).join("") || "<li>No store matches.</li>"}</ul>
  </section>`;
    }
    case "product":
      return `<article class="product">
    <div class="img" style="background:${page.product.art}" role="img" aria-label="${page.product.title}"></div>
    <div><h1>${page.product.title}</h1><p class="price">${page.product.price}</p><p>${page.product.description}</p>
      <button type="button">Add to cart</button>
      ${page.shareBlock}
    </div>
  </article>`;
  }
}

function storefrontPage(options: {
  block: string;
  viewer: StorefrontViewer;
  locale: string;
  locales: string[];
  page: ShopPage;
  /** This page's path without the locale prefix ("/storefront", "/pages/lookbook"). */
  path: string;
}): string {
  const prefix = prefixFor(options.locale);
  const home = `${prefix}/storefront`;
  const here = `${prefix}${options.path}`;
  const current = (href: string) => (href === here ? ' aria-current="page"' : "");
  const viewerLink = ({ viewer, label }: { viewer: StorefrontViewer; label: string }) =>
    `<a href="${here}?as=${viewer}"${options.viewer === viewer ? ' aria-current="true"' : ""}>${label}</a>`;
  const localeLink = (locale: string) =>
    `<a href="${prefixFor(locale)}${options.path}" lang="${locale}"${locale === options.locale ? ' aria-current="true"' : ""}>${locale.toUpperCase()}</a>`;
  const navLink = (href: string, label: string) => `<a href="${href}"${current(href)}>${label}</a>`;
  return `<!doctype html>
<html lang="${options.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Demo Bazaar: ${escapeHtml(pageTitle(options.page))}</title>
<link rel="icon" href="data:,">
<style>${pageStyles}</style>
</head>
<body>
<div class="bar" role="region" aria-label="Demo controls">
  <span><strong>Storefront preview</strong> (offline demo)</span>
  <span>Viewing as: ${VIEWERS.map(viewerLink).join(" · ")}</span>
  <span>Language: ${options.locales.map(localeLink).join(" · ")}</span>
</div>
<header>
  <a class="logo" href="${home}">Demo Bazaar</a>
  <nav aria-label="Main">${navLink(home, "Shop")}${navLink(`${prefix}/pages/lookbook`, "Lookbook")}${navLink(`${prefix}/pages/stores`, "Stores")}${navLink(`${prefix}/pages/rewards`, "Rewards")}<a href="${home}">Cart (0)</a></nav>
</header>
<main>
  ${pageMain(options.page, prefix)}
</main>
${options.block}
</body>
</html>`;
}

/** The page at a storefront path (without the locale prefix), or null: not one of the demo's. */
async function shopPageFor(
  path: string,
  req: Request,
  render: Omit<BlockRenderOptions, "product">,
): Promise<ShopPage | null> {
  if (path === "/storefront") return { kind: "home" };
  if (path === "/pages/lookbook") return { kind: "lookbook" };
  if (path === "/pages/rewards") return { kind: "rewards", pageBlock: await renderLoyaltyPageBlock(render) };
  if (path === "/pages/stores") return { kind: "stores", query: typeof req.query.q === "string" ? req.query.q : "" };
  const product = products.find((candidate) => path === `/products/${candidate.handle}`);
  if (!product) return null;
  return { kind: "product", product, shareBlock: await renderShareBlock({ ...render, product }) };
}

const SHOP_PATHS = ["/storefront", "/pages/:handle", "/products/:handle"];

export function mountStorefront(app: Express, options: DemoOptions, shopify?: FakeShopify): void {
  app.use(ASSET_ROUTE, express.static(assetsDir, { fallthrough: false, maxAge: 0 }));

  app.get([...SHOP_PATHS, ...SHOP_PATHS.map((shopPath) => `/:locale${shopPath}`)], async (req, res, next) => {
    try {
      const locales = await availableLocales();
      const locale = req.params.locale ?? DEFAULT_LOCALE;
      if (!locales.includes(locale) || (req.params.locale && locale === DEFAULT_LOCALE)) return next();
      const chosen = VIEWERS.find((option) => option.viewer === req.query.as);
      if (chosen) {
        // Remember the choice like a storefront session, so the proxy calls see the same shopper.
        res.cookie(VIEWER_COOKIE, chosen.viewer, { path: "/", sameSite: "lax", httpOnly: true });
        return res.redirect(303, req.path);
      }
      const viewer = viewerOf(req);
      const shopper = shopperFor(viewer, options);
      const path = req.params.locale ? req.path.slice(req.params.locale.length + 1) : req.path;
      const render: BlockRenderOptions = {
        shop: options.shop,
        customerId: shopper?.id ?? null,
        ...(shopper ? { shopper } : {}),
        locale,
        origin: `${req.protocol}://${req.get("host")}`,
        ...(shopify
          ? {
              appMetafields: shopify.appMetafields(options.shop),
              ...(shopper ? { customerMetafields: shopify.customer(options.shop, shopper.id).metafields } : {}),
            }
          : {}),
      };
      const page = await shopPageFor(path, req, render);
      if (!page) return next();
      const block = await renderLoyaltyBlock({
        ...render,
        pageType: page.kind === "home" ? "index" : page.kind === "product" ? "product" : "page",
      });
      res.type("html").setHeader("cache-control", "no-store");
      res.send(storefrontPage({ block, viewer, locale, locales, page, path }));
    } catch (error) {
      next(error);
    }
  });

  const rawBody = express.raw({ type: () => true, limit: "64kb" });
  app.all([`${PROXY_PATH_PREFIX}/*`, `/:locale${PROXY_PATH_PREFIX}/*`], rawBody, async (req, res, next) => {
    try {
      // Shopify serves the proxy under every storefront locale prefix (/fr/apps/loyalty/...).
      if (req.params.locale && !(await availableLocales()).includes(req.params.locale)) return next();
      await forwardToApp(req, res, options, (req.params as Record<string, string>)[0] ?? "");
    } catch (error) {
      next(error);
    }
  });
}
