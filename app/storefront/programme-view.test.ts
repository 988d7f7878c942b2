import { describe, expect, it } from "vitest";
import { campaignDefinitionSchema, type Campaign } from "../domain/campaigns/definition";
import type { RunningCampaign } from "../domain/campaigns/schedule";
import { definitionSchemas, type Challenge } from "../domain/challenges/definition";
import type { ChallengeStanding } from "../domain/challenges/standing";
import { rewardOfKind } from "../domain/rewards/test-rewards";
import { campaignViewOf, challengeViewsOf, guestStandings } from "./programme-view";
import { campaignViewSchema, challengeViewSchema } from "./storefront-api";

const NOW = new Date("2026-03-11T15:00:00Z");
const ENDS = new Date("2026-03-16T04:00:00Z");

const running = (effect: Record<string, unknown>): RunningCampaign => ({
  ...(campaignDefinitionSchema.parse({
    schedule: { type: "once", startsAt: "2026-03-01T00:00:00Z", endsAt: ENDS.toISOString() },
    effect,
  }) as Omit<Campaign, "id" | "title" | "translations" | "active" | "position">),
  id: "cmp",
  title: "Double points",
  translations: { fr: { title: "Points doublés" } },
  active: true,
  position: 0,
  endsAt: ENDS,
});

describe("campaignViewOf", () => {
  it.each([
    [
      { type: "multiplier", multiplierHundredths: 200 },
      { type: "multiplier", multiplierHundredths: 200 },
    ],
    [
      { type: "bonus", points: 50 },
      { type: "bonus", points: 50 },
    ],
    [
      { type: "reward_price", costPercentOff: 20, rewardIds: ["r1"] },
      { type: "reward_price", costPercentOff: 20, valuePercentUp: 0 },
    ],
  ])("%j: codes and numbers only, no targeting", (effect, shown) => {
    const view = campaignViewOf(running(effect), null);
    expect(view).toEqual({ id: "cmp", title: "Double points", endsAt: ENDS.toISOString(), effect: shown });
    expect(campaignViewSchema.safeParse(view).success).toBe(true);
  });

  it.each([
    ["fr", "Points doublés"],
    ["fr-CA", "Points doublés"],
    ["de", "Double points"],
    [null, "Double points"],
  ])("titles in the shopper's language (%s)", (locale, title) => {
    expect(campaignViewOf(running({ type: "bonus", points: 5 }), locale).title).toBe(title);
  });
});

const challenge = (id: string, kind: Challenge["kind"], definition: Record<string, unknown>): Challenge =>
  ({
    id,
    kind,
    title: `${id} title`,
    description: `${id} words`,
    translations: { fr: { title: `${id} titre` } },
    active: true,
    position: 0,
    ...definitionSchemas[kind].parse(definition),
  }) as Challenge;

const visits = challenge("visits", "challenge", {
  measure: { type: "visits", count: 5 },
  window: { type: "month" },
  reward: { type: "points", points: 50 },
});
const streak = challenge("streak", "streak", {
  action: { type: "orders" },
  period: "week",
  steps: [{ length: 2, reward: { type: "reward", rewardId: "tote" } }],
});
const tenth = challenge("tenth", "milestone", {
  measure: { type: "orders", count: 10 },
  reward: { type: "points", points: 200 },
});
const later = challenge("later", "challenge", {
  startsAt: "2026-04-01T00:00:00Z",
  measure: { type: "orders", count: 2 },
  window: { type: "week" },
  reward: { type: "points", points: 10 },
});

const standing = (of: Challenge, extra: Partial<ChallengeStanding>): ChallengeStanding => ({
  challengeId: of.id,
  kind: of.kind,
  measure: "orders",
  progress: 0,
  goal: 1,
  windowKey: "x",
  endsAt: null,
  reward: { type: "points", points: 1 },
  completedAt: null,
  streak: null,
  ...extra,
});

const tote = rewardOfKind("custom", {
  id: "tote",
  title: "Tote bag",
  translations: JSON.stringify({ fr: { title: "Sac" } }),
});

describe("challengeViewsOf", () => {
  it("lists the standings in the challenges' order, with their window, localised titles and the reward's title", () => {
    const views = challengeViewsOf(
      [visits, streak, tenth],
      [
        standing(tenth, { measure: "orders", progress: 10, goal: 10, completedAt: NOW, windowKey: "lifetime" }),
        standing(visits, {
          measure: "visits",
          progress: 2,
          goal: 5,
          endsAt: ENDS,
          reward: { type: "points", points: 50 },
        }),
        standing(streak, {
          measure: "orders",
          progress: 1,
          goal: 2,
          reward: { type: "reward", rewardId: "tote" },
          streak: { length: 1, nextStep: 2, graceLeft: 0 },
        }),
      ],
      [tote],
      "fr",
    );
    expect(views.map((v) => [v.id, v.window, v.title, v.progress, v.goal])).toEqual([
      ["visits", "month", "visits titre", 2, 5],
      ["streak", "week", "streak titre", 1, 2],
      ["tenth", "lifetime", "tenth titre", 10, 10],
    ]);
    expect(views[0]).toMatchObject({ description: "visits words", endsAt: ENDS.toISOString(), completedAt: null });
    expect(views[1]).toMatchObject({
      reward: { type: "reward", rewardId: "tote", title: "Sac" },
      streak: { length: 1, nextStep: 2, graceLeft: 0 },
    });
    expect(views[2]!.completedAt).toBe(NOW.toISOString());
    for (const view of views) expect(challengeViewSchema.safeParse(view).success).toBe(true);
  });

  it("names a reward no longer offered with an empty title, and leaves out challenges without a standing", () => {
    const views = challengeViewsOf(
      [streak, visits],
      [standing(streak, { reward: { type: "reward", rewardId: "gone" } })],
      [tote],
      null,
    );
    expect(views).toHaveLength(1);
    expect(views[0]!.reward).toEqual({ type: "reward", rewardId: "gone", title: "" });
  });
});

describe("guestStandings", () => {
  it("gives every challenge on now at no progress, and none that has not started", () => {
    const standings = guestStandings([visits, streak, tenth, later], NOW, "America/New_York");
    expect(standings.map((s) => s.challengeId)).toEqual(["visits", "streak", "tenth"]);
    for (const s of standings) expect(s).toMatchObject({ progress: 0, completedAt: null });
    expect(standings[0]).toMatchObject({ goal: 5, measure: "visits" });
    expect(standings[2]).toMatchObject({ goal: 10, measure: "orders" });
  });
});
