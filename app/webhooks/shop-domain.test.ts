import { describe, expect, it } from "vitest";
import { isShopDomain } from "./shop-domain";

describe("isShopDomain", () => {
  it.each([
    ["bazaar.myshopify.com", true],
    ["Bazaar-2.myshopify.com", true],
    ["evil.example.com", false],
    ["myshopify.com", false],
    ["a.b.myshopify.com.evil.com", false],
    ["", false],
  ])("%s → %s", (domain, expected) => {
    expect(isShopDomain(domain)).toBe(expected);
  });

  it("accepts the app's configured custom domain", () => {
    expect(isShopDomain("bazaar.shops.example.com", ["shops.example.com"])).toBe(true);
  });
});
