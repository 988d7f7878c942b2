/**
 * The campaigns and challenges of the customer view (./storefront-api.ts's campaignViewSchema
 * and challengeViewSchema): running campaigns and the shopper's standings as codes and
 * numbers, the merchant's titles in the shopper's language. Pure: which campaigns run and where
 * a member stands come from app/domain/campaigns and app/domain/challenges.
 */
import type { RunningCampaign } from "../domain/campaigns/schedule";
import type { Challenge } from "../domain/challenges/definition";
import { challengeStanding, type ChallengeStanding } from "../domain/challenges/standing";
import type { Reward } from "../domain/rewards/catalogue";
import { localisedRewardText } from "../domain/rewards/localise";
import type { CampaignView, ChallengeView } from "./storefront-api";

type Locale = string | null;

export function campaignViewOf(campaign: RunningCampaign, locale: Locale): CampaignView {
  const { effect } = campaign;
  const title = localisedRewardText({ ...campaign, description: "" }, locale).title;
  return {
    id: campaign.id,
    title,
    endsAt: campaign.endsAt.toISOString(),
    effect:
      effect.type === "multiplier"
        ? { type: "multiplier", multiplierHundredths: effect.multiplierHundredths }
        : effect.type === "bonus"
          ? { type: "bonus", points: effect.points }
          : { type: "reward_price", costPercentOff: effect.costPercentOff, valuePercentUp: effect.valuePercentUp },
  };
}

/** Where progress is counted: the challenge's window, a streak's period, a milestone's whole membership. */
function windowOf(challenge: Challenge): ChallengeView["window"] {
  switch (challenge.kind) {
    case "challenge":
      return challenge.window.type;
    case "streak":
      return challenge.period;
    case "milestone":
      return "lifetime";
  }
}

/**
 * A guest's standings: every challenge on now, at the start (no progress, nothing completed),
 * from the same pure standing a member's come from, with no query.
 */
export function guestStandings(challenges: readonly Challenge[], now: Date, timeZone: string): ChallengeStanding[] {
  const start: Parameters<typeof challengeStanding>[1] = {
    contributions: [],
    completions: [],
    member: { lifetimeEarned: 0, memberSince: now },
  };
  return challenges.flatMap((challenge) => {
    const standing = challengeStanding(challenge, start, now, timeZone);
    return standing ? [{ ...standing, progress: 0, completedAt: null }] : [];
  });
}

/**
 * The standings as the shopper sees them, in the merchant's order of the challenges; a reward
 * to win is named by its catalogue title (the shown catalogue: `rewards`).
 */
export function challengeViewsOf(
  challenges: readonly Challenge[],
  standings: readonly ChallengeStanding[],
  rewards: readonly Reward[],
  locale: Locale,
): ChallengeView[] {
  const byId = new Map(standings.map((s) => [s.challengeId, s] as const));
  const rewardTitle = (rewardId: string) => {
    const reward = rewards.find((r) => r.id === rewardId);
    return reward ? localisedRewardText(reward, locale).title : "";
  };
  return challenges.flatMap((challenge) => {
    const standing = byId.get(challenge.id);
    if (!standing) return [];
    const text = localisedRewardText(challenge, locale);
    return [
      {
        id: challenge.id,
        kind: challenge.kind,
        measure: standing.measure as ChallengeView["measure"],
        window: windowOf(challenge),
        title: text.title,
        description: text.description,
        progress: Math.max(0, standing.progress),
        goal: Math.max(1, standing.goal),
        endsAt: standing.endsAt?.toISOString() ?? null,
        reward:
          standing.reward.type === "points"
            ? { type: "points", points: standing.reward.points }
            : { type: "reward", rewardId: standing.reward.rewardId, title: rewardTitle(standing.reward.rewardId) },
        completedAt: standing.completedAt?.toISOString() ?? null,
        streak: standing.streak,
      },
    ];
  });
}
