import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { matchesGlob, pagePath } from "./glob";

describe("pagePath", () => {
  it.each([
    ["https://shop.example/pages/lookbook?utm_source=mail#top", "/pages/lookbook"],
    ["/Pages/Lookbook/", "/pages/lookbook"],
    ["/", "/"],
    ["", "/"],
    ["/pages/caf%C3%A9", "/pages/café"],
    ["/pages/100%", "/pages/100%"],
  ])("%s → %s", (url, expected) => {
    expect(pagePath(url)).toBe(expected);
  });
});

describe("matchesGlob", () => {
  it.each<[string, string, boolean]>([
    ["/pages/lookbook", "/pages/lookbook", true],
    ["/pages/lookbook", "https://shop.example/pages/lookbook/?ref=nav", true],
    ["/pages/lookbook", "/pages/lookbook-2025", false],
    ["/pages/lookbook", "/pages", false],
    ["/blogs/news/*", "/blogs/news/spring-drop", true],
    ["/blogs/news/*", "/blogs/news/2026/spring", true], // * crosses "/"
    ["/blogs/news/*", "/blogs/journal/spring", false],
    ["*/pages/offers", "/fr/pages/offers", true], // translated storefronts
    ["/pages/a.b", "/pages/aXb", false], // "." is literal
    ["/collections/(sale)", "/collections/(sale)", true],
  ])("%s vs %s → %s", (pattern, url, expected) => {
    expect(matchesGlob(pattern, url)).toBe(expected);
  });

  it("a pattern without * matches exactly its own path, and * matches every path", () => {
    // "." and ".." are dot segments that URLs resolve away; no merchant types them.
    const segment = fc.stringMatching(/^[a-z0-9.()+-]{1,8}$/).filter((s) => s !== "." && s !== "..");
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segments) => {
        const path = `/${segments.join("/")}`;
        expect(matchesGlob(path, path)).toBe(true);
        expect(matchesGlob("*", path)).toBe(true);
        expect(matchesGlob(path, `${path}x`)).toBe(false);
      }),
    );
  });
});
