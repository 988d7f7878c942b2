/**
 * Whether a rule may award anything at all right now, before looking at the event's details.
 * Checked in the order a merchant would look for the cause: switched off, outside its dates,
 * paused by the kill switch, then the account checks that hold back fake accounts.
 */
import type { EvaluationContext } from "./context";
import { refusal, type Refusal } from "./refusal";
import { isEngagement, type Rule } from "./rule";

const DAY_MS = 86_400_000;

export function availabilityRefusal(rule: Rule, context: EvaluationContext): Refusal | null {
  const { now, member } = context;
  if (!rule.active) return refusal(rule.id, "inactive", "This way to earn is switched off.");
  if (rule.startsAt && now < rule.startsAt)
    return refusal(rule.id, "not_started", "This way to earn has not started yet.");
  // endsAt is exclusive: a rule ending at midnight earns nothing at midnight.
  if (rule.endsAt && now >= rule.endsAt) return refusal(rule.id, "ended", "This way to earn has ended.");
  if (!isEngagement(rule)) return null;
  if (context.engagementPaused) return refusal(rule.id, "paused", "The shop has paused points for this activity.");
  if (rule.requiresVerifiedAccount && !member.verified) {
    return refusal(rule.id, "unverified_account", "Verify your account to earn points for this.");
  }
  if (rule.minAccountAgeDays > 0 && now.getTime() - member.createdAt.getTime() < rule.minAccountAgeDays * DAY_MS) {
    const days = rule.minAccountAgeDays;
    return refusal(
      rule.id,
      "account_too_new",
      `Accounts earn points for this once they are ${days} ${days === 1 ? "day" : "days"} old.`,
    );
  }
  return null;
}
