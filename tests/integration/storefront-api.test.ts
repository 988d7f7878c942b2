/**
 * Real answers of every app proxy route, from signed proxy requests, held to
 * docs/api/storefront.openapi.json: each status and error code is documented for its route,
 * and each body is what the documented schema (the zod schema it is derived from) says.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../app/db.server";
import { loader as customerLoader } from "../../app/routes/proxy.customer";
import { action as eventsAction, loader as eventsLoader } from "../../app/routes/proxy.events";
import { action as profileAction, loader as profileLoader } from "../../app/routes/proxy.profile";
import { action as cancelAction, loader as cancelLoader } from "../../app/routes/proxy.cancel";
import { action as redeemAction, loader as redeemLoader } from "../../app/routes/proxy.redeem";
import { createRule } from "../../app/rules/rules.server";
import { setShopifyGateway } from "../../app/shopify/gateway.server";
import { STOREFRONT_SCHEMAS, type StorefrontSchemaName } from "../../app/storefront/storefront-openapi";
import { settleMemberTier } from "../../app/tiers/movement.server";
import { createFakeShopify } from "../../demo/fake-shopify";
import { customerFixture, installShop, memberWithBalance } from "../support/factories";
import { callRoute, proxyRequest } from "../support/signed-requests";
import { bronzeSilverGold, earnByRule } from "../support/storefront-tiers";

const doc = JSON.parse(readFileSync(new URL("../../docs/api/storefront.openapi.json", import.meta.url), "utf8"));

let restore: () => void;
beforeEach(() => {
  restore = setShopifyGateway(createFakeShopify());
});
afterEach(() => restore());

const seen = new Set<string>();

/** The answer, checked against what the document says this route answers with this status. */
async function documented(path: string, method: "get" | "post", response: Response) {
  const status = String(response.status);
  const documentedResponse = doc.paths[path]?.[method]?.responses?.[status];
  expect(documentedResponse, `${method} ${path} answered ${status}, which the document does not list`).toBeDefined();
  const text = await response.text();
  const media = documentedResponse.content?.["application/json"];
  // A bad signature is refused before the app reads anything, with no body, as documented.
  if (!media || (status === "400" && text === "")) {
    expect(text, `${method} ${path} ${status} is documented without a body`).toBe("");
    if (media) expect(documentedResponse.description).toMatch(/signature: no body/);
    seen.add(`${method} ${path} ${status} (no body)`);
    return null;
  }
  const body = JSON.parse(text);
  // One schema, or exactly one of several when the status's errors differ in shape (oneOf).
  const refs: { $ref: string }[] = media.schema.oneOf ?? [media.schema];
  const results = refs.map((ref) =>
    STOREFRONT_SCHEMAS[ref.$ref.split("/").pop() as StorefrontSchemaName].safeParse(body),
  );
  const accepted = results.filter((result) => result.success).length;
  expect(accepted, `${method} ${path} ${status}: ${results.map((r) => r.error?.message).join("; ")}\n${text}`).toBe(1);
  if (status !== "200") expect(Object.keys(media.examples), `${method} ${path} ${status}`).toContain(body.error);
  seen.add(`${method} ${path} ${status}${body.error ? ` ${body.error}` : ""}`);
  return body;
}

describe("the storefront API answers what docs/api/storefront.openapi.json says", () => {
  it("GET /customer: a member with a tier, a guest, and the refusals", async () => {
    const shop = await installShop(db);
    await bronzeSilverGold(db, shop.id);
    const customer = customerFixture();
    const member = await memberWithBalance(db, shop.id, customer, 0);
    await earnByRule(db, shop.id, member.id, 620);
    await settleMemberTier(db, shop.id, member.id);
    const get = (customerId: string | null, options: Partial<Parameters<typeof proxyRequest>[0]> = {}) =>
      callRoute(customerLoader, proxyRequest({ shop: shop.domain, path: "customer", customerId, ...options }));

    const view = await documented("/customer", "get", await get(customer.id));
    expect(view.tier).toMatchObject({ name: "Silver" });
    expect(await documented("/customer", "get", await get(null))).toMatchObject({ loggedIn: false, tier: null });
    await documented("/customer", "get", await get(customer.id, { mutate: (p) => p.delete("signature") }));
    await documented("/customer", "get", await get(customer.id, { shopperQuery: [["logged_in_customer_id", "1"]] }));
    await documented(
      "/customer",
      "get",
      await callRoute(
        customerLoader,
        proxyRequest({ shop: "nobody.myshopify.com", path: "customer", customerId: null }),
      ),
    );
    expect([...seen].filter((entry) => entry.startsWith("get /customer")).sort()).toEqual([
      "get /customer 200",
      "get /customer 400 (no body)",
      "get /customer 400 duplicate_parameter",
      "get /customer 404 programme_not_found",
    ]);
  });

  it("POST /events, /profile and /redeem: answers and refusals", async () => {
    const shop = await installShop(db);
    await createRule(db, shop.id, { kind: "visit", name: "Daily visit", points: 5 });
    const customer = customerFixture();
    await memberWithBalance(db, shop.id, customer, 100);
    const reward = await db.reward.findFirstOrThrow({ where: { shopId: shop.id } });
    const post = (
      path: "events" | "profile" | "redeem" | "cancel",
      body: unknown,
      options: Partial<Parameters<typeof proxyRequest>[0]> = {},
    ) => proxyRequest({ shop: shop.domain, path, customerId: customer.id, body, ...options });
    const actions = { events: eventsAction, profile: profileAction, redeem: redeemAction, cancel: cancelAction };
    const call = async (path: "events" | "profile" | "redeem" | "cancel", body: unknown, options = {}) =>
      documented(`/${path}`, "post", await callRoute(actions[path], post(path, body, options)));

    expect(await call("events", { type: "visit" })).toMatchObject({ awards: [{ points: 5 }] });
    await call("events", { type: "visit" }); // refused by the rule's period: 200 with a refusal
    await call("events", { type: "dance" });
    await call("events", { type: "visit" }, { customerId: null });
    await call("events", { type: "visit" }, { contentType: "text/plain" });
    await call("events", { type: "visit", customerId: "999" });
    await call("events", "x".repeat(17 * 1024));
    await call("profile", { birthday: "07-14" });
    await call("profile", { birthday: "08-01" });
    await call("profile", { birthday: "July" });
    await call("redeem", { rewardId: reward.id });
    await call("redeem", { rewardId: "gone" });
    await call("redeem", {});
    await call("cancel", { redemptionId: "nobody's" });
    await call("cancel", {});
    for (const [path, loader] of [
      ["/events", eventsLoader],
      ["/profile", profileLoader],
      ["/redeem", redeemLoader],
      ["/cancel", cancelLoader],
    ] as const) {
      await documented(
        path,
        "get",
        await callRoute(loader, proxyRequest({ shop: shop.domain, path: "customer", customerId: null })),
      );
    }
    const insufficient = [...seen].find((entry) => entry.startsWith("post /redeem 409"));
    expect(insufficient).toBe("post /redeem 409 insufficient_points");
    for (const expected of [
      "post /events 200",
      "post /events 400 invalid_request",
      "post /events 401 sign_in_required",
      "post /events 403 customer_mismatch",
      "post /events 413 payload_too_large",
      "post /events 415 invalid_request",
      "post /profile 200",
      "post /profile 400 invalid_request",
      "post /profile 409 birthday_already_set",
      "post /redeem 400 invalid_request",
      "post /redeem 404 reward_not_found",
      "post /cancel 400 invalid_request",
      "post /cancel 404 redemption_not_found",
      "get /events 405 method_not_allowed",
    ]) {
      expect([...seen]).toContain(expected);
    }
  });
});
