/**
 * The pages that earn points for a visit (page_visit rules), as the theme extension reads them
 * from the app's installation metafield (app.metafields.loyalty_bazaar.pages) so the every-page
 * script knows, without asking the app, whether the page it is on is worth reporting. Pure.
 *
 * What the list may hold is a superset of what the engine pays for, never less: the engine
 * still decides every award (limits, periods, account checks, dates). So a rule that has not
 * started yet is listed (when it starts nothing rewrites the list), and only what can never
 * pay again is left out: a paused or ended rule, and every rule while the kill switch is on.
 *
 * The pages a `pages` challenge counts are listed too (after the rules' own), so its visits
 * reach the evaluator: whether one counts is the evaluator's question (the challenge's dates,
 * its windows, the kill switch), so only a switched-off or ended challenge is left out.
 */
import type { Challenge } from "./challenges/definition";
import { isEngagement, type Rule } from "./rules";
import type { pagePatternSchema } from "./rules/rule";

type PagePattern = import("zod").output<typeof pagePatternSchema>;

/** The metafield: an app-data metafield of the app's installation, readable only by its theme extension. */
export const PAGES_METAFIELD = { namespace: "loyalty_bazaar", key: "pages", type: "json" } as const;

export interface RewardedPage {
  pattern: string;
  /** The merchant's name for the page ("Lookbook"), when they gave one. */
  label?: string;
}

/** The page lists of the rules that may still pay for a visit. */
function rulePages(rules: readonly Rule[], shop: { engagementPaused: boolean; now: Date }): PagePattern[][] {
  if (shop.engagementPaused) return [];
  return rules.flatMap((rule) => {
    if (rule.kind !== "page_visit" || !isEngagement(rule) || !rule.active) return [];
    return rule.endsAt && shop.now >= rule.endsAt ? [] : [rule.pages];
  });
}

/** The page lists of the `pages` challenges that may still count a visit. */
function challengePages(challenges: readonly Challenge[], now: Date): PagePattern[][] {
  return challenges.flatMap((challenge) => {
    if (challenge.kind !== "challenge" || challenge.measure.type !== "pages" || !challenge.active) return [];
    const ended =
      (challenge.endsAt && now >= challenge.endsAt) ||
      (challenge.window.type === "range" && now >= challenge.window.endsAt);
    return ended ? [] : [challenge.measure.pages];
  });
}

export function rewardedPages(
  rules: readonly Rule[],
  shop: { engagementPaused: boolean; now: Date },
  challenges: readonly Challenge[] = [],
): RewardedPage[] {
  const pages = new Map<string, RewardedPage>();
  for (const list of [...rulePages(rules, shop), ...challengePages(challenges, shop.now)]) {
    for (const page of list) {
      // One entry per pattern: the first rule (in the merchant's order) that names it gives the label.
      const known = pages.get(page.pattern);
      if (!known) pages.set(page.pattern, { pattern: page.pattern, ...(page.label ? { label: page.label } : {}) });
      else if (!known.label && page.label) known.label = page.label;
    }
  }
  return [...pages.values()];
}

/** The metafield's value: what Liquid parses (`.value`) and renders into the widget's config. */
export const pagesMetafieldValue = (pages: readonly RewardedPage[]) => JSON.stringify(pages);
