import { describe, expect, it } from "vitest";
import { rewardedPages, pagesMetafieldValue } from "./rewarded-pages";
import { ruleSchema, type RuleInput } from "./rules";
import { definitionSchemas, type Challenge } from "./challenges/definition";

const NOW = new Date("2026-06-15T12:00:00Z");
const rules = (...inputs: RuleInput[]) => inputs.map((input) => ruleSchema.parse(input));
const open = { engagementPaused: false, now: NOW };

const lookbook: RuleInput = {
  id: "look",
  kind: "page_visit",
  name: "Lookbook",
  points: 10,
  pages: [{ pattern: "/pages/lookbook", label: "Lookbook" }, { pattern: "/blogs/news/*" }],
};

describe("rewardedPages", () => {
  it("lists each live page_visit rule's patterns with their labels, in rule order, and nothing else", () => {
    const pages = rewardedPages(
      rules({ id: "visit", kind: "visit", name: "Daily visit", points: 5 }, lookbook, {
        id: "faq",
        kind: "page_visit",
        name: "FAQ",
        points: 2,
        pages: [{ pattern: "/pages/faq", label: "FAQ" }],
      }),
      open,
    );
    expect(pages).toEqual([
      { pattern: "/pages/lookbook", label: "Lookbook" },
      { pattern: "/blogs/news/*" },
      { pattern: "/pages/faq", label: "FAQ" },
    ]);
  });

  it("leaves out paused and ended rules, and everything while the kill switch is on; keeps one not started yet", () => {
    const list = rules(
      { ...lookbook, id: "paused", active: false, pages: [{ pattern: "/pages/paused" }] },
      { ...lookbook, id: "ended", endsAt: new Date("2026-06-15T12:00:00Z"), pages: [{ pattern: "/pages/ended" }] },
      { ...lookbook, id: "soon", startsAt: new Date("2026-07-01T00:00:00Z"), pages: [{ pattern: "/pages/soon" }] },
    );
    expect(rewardedPages(list, open)).toEqual([{ pattern: "/pages/soon" }]);
    expect(rewardedPages(list, { ...open, engagementPaused: true })).toEqual([]);
  });

  it("lists a pattern two rules share once, with the first label given", () => {
    const pages = rewardedPages(
      rules(
        { ...lookbook, id: "a", pages: [{ pattern: "/pages/lookbook" }] },
        { ...lookbook, id: "b", pages: [{ pattern: "/pages/lookbook", label: "Lookbook" }] },
      ),
      open,
    );
    expect(pages).toEqual([{ pattern: "/pages/lookbook", label: "Lookbook" }]);
  });

  it("is written as the JSON Liquid parses", () => {
    expect(JSON.parse(pagesMetafieldValue([{ pattern: "/pages/a", label: "A" }]))).toEqual([
      { pattern: "/pages/a", label: "A" },
    ]);
  });
});

describe("rewardedPages with challenges", () => {
  const challenge = (id: string, definition: Record<string, unknown>, extra: Partial<Challenge> = {}): Challenge =>
    ({
      id,
      kind: "challenge",
      title: id,
      description: "",
      translations: {},
      active: true,
      position: 0,
      ...definitionSchemas.challenge.parse({
        measure: { type: "pages", count: 2, pages: [{ pattern: "/pages/story", label: "Our story" }] },
        window: { type: "month" },
        reward: { type: "points", points: 20 },
        ...definition,
      }),
      ...extra,
    }) as Challenge;

  it("adds the pages a live pages challenge counts, after the rules' own, once per pattern", () => {
    const pages = rewardedPages(rules(lookbook), open, [
      challenge("story", {}),
      challenge("both", { measure: { type: "pages", count: 1, pages: [{ pattern: "/pages/lookbook" }] } }),
      challenge("visits", { measure: { type: "visits", count: 5 } }),
    ]);
    expect(pages).toEqual([
      { pattern: "/pages/lookbook", label: "Lookbook" },
      { pattern: "/blogs/news/*" },
      { pattern: "/pages/story", label: "Our story" },
    ]);
  });

  it("leaves out a switched-off or ended challenge; keeps its pages under the kill switch (the evaluator decides)", () => {
    const list = [
      challenge("off", { measure: { type: "pages", count: 1, pages: [{ pattern: "/pages/off" }] } }, { active: false }),
      challenge("ended", {
        endsAt: new Date("2026-06-01T00:00:00Z"),
        measure: { type: "pages", count: 1, pages: [{ pattern: "/pages/ended" }] },
      }),
      challenge("range-over", {
        window: { type: "range", startsAt: new Date("2026-05-01T00:00:00Z"), endsAt: new Date("2026-06-01T00:00:00Z") },
        measure: { type: "pages", count: 1, pages: [{ pattern: "/pages/range" }] },
      }),
      challenge("story", {}),
    ];
    expect(rewardedPages([], open, list)).toEqual([{ pattern: "/pages/story", label: "Our story" }]);
    expect(rewardedPages(rules(lookbook), { ...open, engagementPaused: true }, list)).toEqual([
      { pattern: "/pages/story", label: "Our story" },
    ]);
  });
});
