/**
 * A campaign in the merchant's words, for the Campaigns list and the editor: its schedule
 * ("Every Saturday and Sunday"), its effect ("×2 points on every award"), when it ends or
 * starts in the shop's time zone, and the stacking policies explained. Pure.
 */
import type { CampaignEffect, Schedule, StackingPolicy } from "./definition";

const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
export const WEEKDAY_CHOICES = WEEKDAY_NAMES.map((label, i) => ({ label, value: String(i + 1) }));
export const MONTH_CHOICES = MONTH_NAMES.map((label, i) => ({ label, value: String(i + 1) }));

/** "a", "a and b", "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

const count = new Intl.NumberFormat("en");

/** An instant as the shop's clock shows it: "Sat, 5 Dec 2026, 09:30". */
export function shopTimeText(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}

function daysText(days: readonly number[]): string {
  const set = [...days].sort((a, b) => a - b);
  if (set.length === 7) return "Every day";
  if (set.join() === "6,7") return "Every weekend (Saturday and Sunday)";
  if (set.join() === "1,2,3,4,5") return "Every weekday (Monday to Friday)";
  return `Every ${listText(set.map((d) => WEEKDAY_NAMES[d - 1]!))}`;
}

const ordinal = (n: number) => {
  const suffix =
    n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th";
  return `${n}${suffix}`;
};

/** When the campaign runs, in words. */
export function scheduleText(schedule: Schedule, timeZone: string): string {
  if (schedule.type === "once") {
    return `From ${shopTimeText(schedule.startsAt, timeZone)} to ${shopTimeText(schedule.endsAt, timeZone)}`;
  }
  const base =
    schedule.type === "weekly"
      ? daysText(schedule.days)
      : schedule.type === "monthly"
        ? schedule.fromDay === schedule.toDay
          ? `The ${ordinal(schedule.fromDay)} of every month`
          : `From the ${ordinal(schedule.fromDay)} to the ${schedule.toDay >= 31 ? "last day" : ordinal(schedule.toDay)} of every month`
        : `Every ${listText([...schedule.months].sort((a, b) => a - b).map((m) => MONTH_NAMES[m - 1]!))}`;
  const bounds = [
    schedule.startsOn ? `from ${schedule.startsOn}` : null,
    schedule.endsOn ? `until ${schedule.endsOn}` : null,
  ].filter(Boolean);
  return bounds.length ? `${base}, ${bounds.join(" ")}` : base;
}

/** Names of the shop's rules, tiers and rewards, for "on Visit the store". */
export interface ProgrammeNames {
  rules: ReadonlyMap<string, string>;
  tiers: ReadonlyMap<string, string>;
  rewards: ReadonlyMap<string, string>;
}

const named = (ids: readonly string[], names: ReadonlyMap<string, string>) =>
  listText(ids.map((id) => names.get(id) ?? "a removed item"));

/** What the campaign does, in words. */
export function effectText(effect: CampaignEffect, names: ProgrammeNames): string {
  if (effect.type === "reward_price") {
    const changes = [
      effect.costPercentOff ? `${effect.costPercentOff}% fewer points` : null,
      effect.valuePercentUp ? `${effect.valuePercentUp}% more value` : null,
    ].filter(Boolean);
    const which = effect.rewardIds.length ? named(effect.rewardIds, names.rewards) : "every reward";
    return `${listText(changes as string[])} for ${which}`;
  }
  const head =
    effect.type === "multiplier"
      ? `×${effect.multiplierHundredths / 100} points`
      : `${count.format(effect.points)} bonus points`;
  const t = effect.targeting;
  const narrowed = [
    t.ruleIds.length ? `from ${named(t.ruleIds, names.rules)}` : null,
    t.channels.length ? `on ${listText(t.channels.map((c) => CHANNEL_LABELS[c.type] ?? c.type))} orders` : null,
    t.productTags.length ? `on products tagged ${listText(t.productTags)}` : null,
    t.tierIds.length ? `for ${named(t.tierIds, names.tiers)} members` : null,
    t.customerTags.length ? `for customers tagged ${listText(t.customerTags)}` : null,
  ].filter(Boolean);
  const per = effect.type === "bonus" ? " on each award" : "";
  return narrowed.length ? `${head}${per} ${narrowed.join(", ")}` : `${head}${per}, on every award`;
}

export const CHANNEL_LABELS: Record<string, string> = {
  online_store: "Online Store",
  pos: "Point of Sale",
  draft_order: "Draft order",
};

/** "Ends Mon, 7 Dec 2026, 00:00", "Starts Sat, 5 Dec 2026, 00:00", "Ended", "Paused". */
export function whenText(
  phase: "scheduled" | "running" | "ended" | "paused",
  occurrence: { start: Date; end: Date } | null,
  timeZone: string,
): string {
  if (phase === "running" && occurrence) return `Ends ${shopTimeText(occurrence.end, timeZone)}`;
  if (phase === "scheduled" && occurrence) return `Starts ${shopTimeText(occurrence.start, timeZone)}`;
  if (phase === "paused")
    return occurrence ? `Paused · next run ${shopTimeText(occurrence.start, timeZone)}` : "Paused";
  return "Ended: no more runs";
}

/** One line each, for the stacking policy chooser. */
export const STACKING_EXPLAINED: Record<StackingPolicy, { label: string; help: string }> = {
  multiply: {
    label: "Multiply",
    help: "Multipliers multiply each other: a ×2 campaign for a ×1.5 tier member gives ×3.",
  },
  add: {
    label: "Add",
    help: "Each multiplier adds what it adds over ×1: a ×2 campaign and a ×1.5 tier give ×2.5.",
  },
  highest: {
    label: "Highest only",
    help: "Only the largest multiplier applies: a ×2 campaign and a ×1.5 tier give ×2.",
  },
};
