/**
 * The storefront preview: its app proxy must sign exactly as Shopify does (checked with
 * @shopify/shopify-api's own validator, not our signing code) and pass the app's answers
 * through untouched; the real Liquid block must render for guests and shoppers alike.
 */
import "@shopify/shopify-api/adapters/node";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DemoOptions } from "./mount";
import { appProxyTarget, renderLoyaltyBlock, renderShareBlock } from "./storefront";
import { mountStorefront } from "./storefront";

const SECRET = "storefront-test-secret";
const SHOP = "demo-bazaar.myshopify.com";

const shopify = shopifyApi({
  apiKey: "storefront-test-key",
  apiSecretKey: SECRET,
  apiVersion: ApiVersion.October26,
  hostName: "loyalty.example.test",
  isEmbeddedApp: true,
  logger: { level: 0 },
});

interface ForwardedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: string;
}

/** Starts an Express app on a free port; resolves to its base URL. */
function listen(app: express.Express): Promise<{ url: string; server: Server }> {
  return new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, server });
    });
  });
}

/** Parses the JSON config the block hands to the widget script. */
function widgetConfig(html: string): {
  rootUrl: string;
  locale: string;
  loggedIn: boolean;
  customerId: number | null;
  /** The rewarded pages from the app's installation metafield; null before the app wrote them. */
  pages: { pattern: string; label?: string }[] | null;
  i18n: Record<string, string> & Record<"earned" | "ways" | "share" | "birthday", Record<string, string>>;
} {
  const match = /<script type="application\/json" data-loyalty-config>([\s\S]*?)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error("no widget config in the rendered block");
  return JSON.parse(match[1]);
}

describe("app proxy forwarding", () => {
  const forwarded: ForwardedRequest[] = [];
  let appServer: Server;
  let storefrontServer: Server;
  let storefrontUrl: string;

  beforeAll(async () => {
    // A stand-in for the app: records what the proxy sends, answers with a recognisable reply.
    const stubApp = express();
    stubApp.use(express.text({ type: () => true }));
    stubApp.all("/proxy/*", (req, res) => {
      forwarded.push({
        method: req.method,
        path: req.path,
        query: new URLSearchParams(req.originalUrl.split("?")[1] ?? ""),
        contentType: req.get("content-type"),
        body: typeof req.body === "string" ? req.body : "",
      });
      res
        .status(409)
        .type("application/json; charset=utf-8")
        .send('{"error":"insufficient_points","message":"Not yet."}');
    });
    const app = await listen(stubApp);
    appServer = app.server;

    const options: DemoOptions = {
      shop: SHOP,
      apiKey: "storefront-test-key",
      apiSecret: SECRET,
      appUrl: app.url,
      customerId: "1001",
    };
    const storefront = express();
    mountStorefront(storefront, options);
    const started = await listen(storefront);
    storefrontServer = started.server;
    storefrontUrl = started.url;
  });

  afterAll(() => {
    appServer?.close();
    storefrontServer?.close();
  });

  it("adds Shopify's query with a signature that Shopify's own validator accepts", async () => {
    const response = await fetch(`${storefrontUrl}/apps/loyalty/customer?ref=email`, {
      headers: { accept: "application/json" },
    });
    const last = forwarded.at(-1)!;
    expect(last.method).toBe("GET");
    expect(last.path).toBe("/proxy/customer");
    expect(last.query.get("shop")).toBe(SHOP);
    expect(last.query.get("logged_in_customer_id")).toBe("1001");
    expect(last.query.get("path_prefix")).toBe("/apps/loyalty");
    expect(last.query.get("ref")).toBe("email");
    expect(Number(last.query.get("timestamp"))).toBeCloseTo(Date.now() / 1000, -2);
    expect(await shopify.utils.validateHmac(last.query, { signator: "appProxy" })).toBe(true);

    // The app's answer comes back unchanged.
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({ error: "insufficient_points", message: "Not yet." });
  });

  it("forwards method, body and content type, and signs guests with an empty customer id", async () => {
    await fetch(`${storefrontUrl}/apps/loyalty/redeem`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: "demo_storefront_as=guest" },
      body: JSON.stringify({ rewardId: "r1" }),
    });
    const last = forwarded.at(-1)!;
    expect(last.method).toBe("POST");
    expect(last.path).toBe("/proxy/redeem");
    expect(last.contentType).toBe("application/json");
    expect(JSON.parse(last.body)).toEqual({ rewardId: "r1" });
    expect(last.query.get("logged_in_customer_id")).toBe("");
    expect(await shopify.utils.validateHmac(last.query, { signator: "appProxy" })).toBe(true);
  });

  it("never lets the shopper's query choose the customer or the signature", async () => {
    await fetch(
      `${storefrontUrl}/apps/loyalty/customer?logged_in_customer_id=999&signature=forged&shop=evil.myshopify.com`,
    );
    const last = forwarded.at(-1)!;
    expect(last.query.getAll("logged_in_customer_id")).toEqual(["1001"]);
    expect(last.query.getAll("shop")).toEqual([SHOP]);
    expect(await shopify.utils.validateHmac(last.query, { signator: "appProxy" })).toBe(true);
  });

  it("serves the proxy under a locale prefix, as Shopify does", async () => {
    await fetch(`${storefrontUrl}/fr/apps/loyalty/customer`);
    expect(forwarded.at(-1)!.path).toBe("/proxy/customer");
  });

  it("refuses paths that would leave /proxy/", () => {
    const base = {
      appUrl: "http://app.test",
      shop: SHOP,
      apiSecret: SECRET,
      shopperQuery: new URLSearchParams(),
      customerId: null,
    };
    expect(appProxyTarget({ ...base, rest: "../admin" })).toBeNull();
    expect(appProxyTarget({ ...base, rest: "customer" })?.pathname).toBe("/proxy/customer");
  });

  it("remembers the viewer's choice of guest or shopper in a cookie", async () => {
    const response = await fetch(`${storefrontUrl}/storefront?as=guest`, { redirect: "manual" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/storefront");
    expect(response.headers.get("set-cookie")).toMatch(/demo_storefront_as=guest/);

    const page = await (
      await fetch(`${storefrontUrl}/storefront`, { headers: { cookie: "demo_storefront_as=guest" } })
    ).text();
    expect(widgetConfig(page).loggedIn).toBe(false);
  });

  it("signs the proxy calls of the second demo shopper with her id", async () => {
    await fetch(`${storefrontUrl}/apps/loyalty/customer`, { headers: { cookie: "demo_storefront_as=katherine" } });
    expect(forwarded.at(-1)!.query.get("logged_in_customer_id")).toBe("1003");
    const page = await (
      await fetch(`${storefrontUrl}/storefront`, { headers: { cookie: "demo_storefront_as=katherine" } })
    ).text();
    expect(page).toContain("Hi Katherine, your rewards");
  });

  it("serves the shop's pages at Shopify's paths, in every language, with the share block on product pages", async () => {
    const lookbook = await fetch(`${storefrontUrl}/pages/lookbook`);
    expect(lookbook.status).toBe(200);
    const lookbookHtml = await lookbook.text();
    expect(lookbookHtml).toContain("<h1>Lookbook: spring</h1>");
    expect(lookbookHtml).toContain('href="/pages/lookbook" aria-current="page"');
    expect(lookbookHtml).toContain("data-loyalty-widget");
    expect(lookbookHtml).not.toContain("data-loyalty-share");

    const french = await (await fetch(`${storefrontUrl}/fr/pages/lookbook`)).text();
    expect(widgetConfig(french)).toMatchObject({ rootUrl: "/fr", locale: "fr" });
    expect(french).toContain('href="/fr/products/analytical-engine-tea"');

    const product = await (await fetch(`${storefrontUrl}/products/difference-notebook`)).text();
    expect(product).toContain("<h1>Difference Notebook</h1>");
    expect(product).toContain('data-loyalty-product-id="7002"');
    expect(product).toContain(`${encodeURIComponent(`${storefrontUrl}/products/difference-notebook`)}`);

    const stores = await (await fetch(`${storefrontUrl}/pages/stores?q=paris`)).text();
    expect(stores).toMatch(/<form [^>]*data-loyalty-event="store_search"/);
    expect(stores).toContain("rue des Archives");
    expect(stores).not.toContain("Lafayette");

    expect((await fetch(`${storefrontUrl}/products/no-such-thing`)).status).toBe(404);
    expect((await fetch(`${storefrontUrl}/de/pages/lookbook`)).status).toBe(404);
  });

  it("serves the extension's assets for asset_url", async () => {
    const page = await (await fetch(`${storefrontUrl}/storefront`)).text();
    const scriptUrl = /<script src="([^"]+loyalty-widget\.js)" defer>/.exec(page)?.[1];
    expect(scriptUrl).toBeDefined();
    const script = await fetch(`${storefrontUrl}${scriptUrl}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
  });
});

describe("rendering the real loyalty-launcher block", () => {
  it("renders for a logged-in shopper", async () => {
    const html = await renderLoyaltyBlock({ shop: SHOP, customerId: "1001" });
    expect(html).not.toMatch(/translation missing|Liquid error/i);
    expect(html).toContain("Hi Ada, your rewards");
    expect(html).toMatch(/aria-controls="loyalty-panel-[^"]+"/);
    expect(html).not.toContain("/account/register");
    const config = widgetConfig(html);
    expect(config).toMatchObject({ rootUrl: "/", locale: "en", loggedIn: true, customerId: 1001 });
    // Plural forms for the script to choose from with Intl.PluralRules.
    expect(config.i18n.progress).toEqual({ one: "{points} point to {reward}", other: "{points} points to {reward}" });
    expect(config.i18n.earned.page_visit).toBe("You earned {points} for visiting {page}.");
    expect(config.i18n.ways.profile_completed).toBe("Add {field} to your profile");
    // The note that announces earned points exists from the start, so screen readers follow it.
    expect(html).toMatch(
      /<div class="loyalty-widget__toast" role="status" aria-live="polite" data-loyalty-toast><\/div>/,
    );
    // The schema's defaults reach the markup.
    expect(html).toContain("loyalty-widget--bottom-right");
    expect(html).toContain("--loyalty-accent: #1f5c4a; --loyalty-accent-text: #ffffff;");
  });

  it("titles the panel without a name for a member who has none (Shopify's first name is optional)", async () => {
    const nameless = { id: "1001", first_name: "", last_name: "Lovelace", email: "ada@example.com" };
    for (const [locale, title] of [
      ["en", "Your rewards"],
      ["fr", "Vos récompenses"],
    ]) {
      const html = await renderLoyaltyBlock({ shop: SHOP, customerId: "1001", shopper: nameless, locale });
      expect(html).toMatch(new RegExp(`class="loyalty-widget__title">${title}</h2>`));
    }
  });

  it("invites a guest to join, with the register and login links", async () => {
    const html = await renderLoyaltyBlock({ shop: SHOP, customerId: null });
    expect(html).not.toMatch(/translation missing|Liquid error/i);
    expect(html).toContain("Join our rewards programme");
    expect(html).toContain('href="/account/register"');
    expect(html).toContain('href="/account/login"');
    expect(widgetConfig(html)).toMatchObject({ loggedIn: false, customerId: null });
  });

  const facts = (balance: string, tier?: string) =>
    new Map([
      ["loyalty_bazaar.balance", { type: "number_integer", value: balance }],
      ...(tier ? [["loyalty_bazaar.tier", { type: "single_line_text_field", value: tier }] as const] : []),
    ]);
  /** The launcher's tier-and-balance line, as text (as a screen reader reads the description: tags add nothing). */
  const standing = (html: string) =>
    /<span id="loyalty-standing-[^"]+" class="loyalty-widget__standing">([\s\S]*?)<\/span>\s*<\/button>/
      .exec(html)?.[1]
      ?.replace(/<[^>]+>/g, "")
      .replace(/[ \t\n]+/g, " ")
      .trim();

  it("puts a member's tier and balance on the launcher from their customer metafields, described, not named", async () => {
    const html = await renderLoyaltyBlock({
      shop: SHOP,
      customerId: "1001",
      customerMetafields: facts("1250", "Gold"),
    });
    expect(html).not.toMatch(/translation missing|Liquid error/i);
    expect(standing(html)).toBe("Gold · 1,250 points");
    // The button is still named "Rewards"; the standing is its description.
    expect(html).toMatch(/aria-labelledby="loyalty-label-[^"]+"\s+aria-describedby="loyalty-standing-[^"]+"/);
    expect(html).toMatch(/<span data-loyalty-points>1,250 points<\/span>/);

    expect(standing(await renderLoyaltyBlock({ shop: SHOP, customerId: "1001", customerMetafields: facts("1") }))).toBe(
      "1 point",
    );
    expect(standing(await renderLoyaltyBlock({ shop: SHOP, customerId: "1001", customerMetafields: facts("0") }))).toBe(
      "0 points",
    );
    expect(
      standing(await renderLoyaltyBlock({ shop: SHOP, customerId: "1001", customerMetafields: facts("-1234567") })),
    ).toBe("-1,234,567 points");
    // French groups with a narrow no-break space and says "0 point" (CLDR's one).
    const french = await renderLoyaltyBlock({
      shop: SHOP,
      customerId: "1001",
      locale: "fr",
      customerMetafields: facts("0", "Or"),
    });
    expect(standing(french)).toBe("Or · 0 point");
    expect(
      standing(
        await renderLoyaltyBlock({ shop: SHOP, customerId: "1001", locale: "fr", customerMetafields: facts("12500") }),
      ),
    ).toBe(`${new Intl.NumberFormat("fr").format(12500)} points`); // as the script words it
  });

  it("shows the launcher alone for a member the app has not written yet, and for a guest", async () => {
    for (const html of [
      await renderLoyaltyBlock({ shop: SHOP, customerId: "1001" }),
      await renderLoyaltyBlock({ shop: SHOP, customerId: null, customerMetafields: facts("50") }),
    ]) {
      expect(html).not.toContain("loyalty-widget__standing");
      expect(html).not.toContain("aria-describedby");
      expect(html).not.toContain("data-loyalty-points");
    }
  });

  it("escapes a tier name the merchant wrote", async () => {
    const html = await renderLoyaltyBlock({
      shop: SHOP,
      customerId: "1001",
      customerMetafields: facts("5", "<b>Gold</b> & co"),
    });
    expect(html).toContain("&lt;b&gt;Gold&lt;/b&gt; &amp; co · <span data-loyalty-points>5 points</span>");
  });

  it("hands the script the rewarded pages the app wrote to its installation, or null before it wrote any", async () => {
    const pages = [{ pattern: "/pages/lookbook", label: "Look</script><script>alert(1)</script>" }];
    const appMetafields = new Map([["loyalty_bazaar.pages", { type: "json", value: JSON.stringify(pages) }]]);
    const html = await renderLoyaltyBlock({ shop: SHOP, customerId: "1001", appMetafields });
    // Shopify's json filter escapes <, > and &: the label cannot close the config's <script>.
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the config's own and the widget's tag
    expect(widgetConfig(html).pages).toEqual(pages);
    expect(widgetConfig(await renderLoyaltyBlock({ shop: SHOP, customerId: "1001" })).pages).toBeNull();
    // A guest reports no page: none are rendered.
    expect(widgetConfig(await renderLoyaltyBlock({ shop: SHOP, customerId: null, appMetafields })).pages).toEqual([]);
  });

  it("renders in French with the locale's root URL", async () => {
    const html = await renderLoyaltyBlock({ shop: SHOP, customerId: "1001", locale: "fr" });
    expect(html).not.toMatch(/translation missing/i);
    expect(html).toContain("Récompenses");
    const config = widgetConfig(html);
    expect(config).toMatchObject({ rootUrl: "/fr", locale: "fr" });
    expect(config.i18n.progress).toEqual({
      one: "Plus que {points} point pour {reward}",
      other: "Plus que {points} points pour {reward}",
    });
    expect(config.i18n.errors).toMatchObject({
      insufficient_points: "Il vous faut {needed} pour cette récompense ; vous en avez {available}.",
    });
  });

  it("renders the share block: links that work without the script, each naming the share for the widget", async () => {
    const product = {
      id: 7001,
      handle: "analytical-engine-tea",
      title: "Analytical Engine Tea",
      price: "$18.00",
      art: "",
      description: "",
    };
    const html = await renderShareBlock({ shop: SHOP, customerId: "1001", product, origin: "https://demo.example" });
    expect(html).not.toMatch(/translation missing|Liquid error/i);
    expect(html).toContain("Share this product");
    const url = encodeURIComponent("https://demo.example/products/analytical-engine-tea");
    const links = [...html.matchAll(/<a\s([^>]*)>/g)].map((match) => match[1]!);
    expect(links).toHaveLength(3);
    for (const [network, href] of [
      ["email", `mailto:?subject=Analytical%20Engine%20Tea&amp;body=${url}`],
      ["x", `https://x.com/intent/tweet?url=${url}&amp;text=Analytical%20Engine%20Tea`],
      ["facebook", `https://www.facebook.com/sharer/sharer.php?u=${url}`],
    ]) {
      const link = links.find((attributes) => attributes.includes(`data-loyalty-network="${network}"`));
      expect(link).toContain(`href="${href}"`);
      expect(link).toContain('data-loyalty-event="share"');
      expect(link).toContain('data-loyalty-subject="product"');
      expect(link).toContain('data-loyalty-product-id="7001"');
    }
    expect(html).toContain("(opens in a new tab)");
    expect(html).toMatch(/<button[^>]*data-loyalty-share-native/);
    expect(widgetConfig(html).i18n.earned.share).toBe("You earned {points} for sharing.");

    const french = await renderShareBlock({ shop: SHOP, customerId: null, product, locale: "fr" });
    expect(french).not.toMatch(/translation missing/i);
    expect(french).toContain("Partagez ce produit");
    expect(french).toContain(
      'href="https://x.com/intent/tweet?url=http%3A%2F%2Flocalhost%2Ffr%2Fproducts%2Fanalytical-engine-tea',
    );
  });
});
