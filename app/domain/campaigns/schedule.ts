// TEMPORARY (storefront helper): replaced by engineer A's module
/**
 * A stand-in for engineer A's schedule evaluator with the brief's signatures, so the storefront
 * view type-checks and runs before A's work is on main. Whole local days for recurring
 * schedules; an occurrence is the run of consecutive matching days. Pure.
 */
import type { Campaign, Schedule } from "./definition";
import { localDate } from "../rules/period";
import { addDays, dateText, startOfDay, type CalendarDate } from "../rules/shop-dates";

export interface Occurrence {
  start: Date;
  end: Date;
}
export type CampaignPhase = "scheduled" | "running" | "ended" | "paused";
export interface RunningCampaign extends Campaign {
  endsAt: Date;
}

function dayMatches(schedule: Exclude<Schedule, { type: "once" }>, date: CalendarDate): boolean {
  const text = dateText(date);
  if (schedule.startsOn && text < schedule.startsOn) return false;
  if (schedule.endsOn && text > schedule.endsOn) return false;
  switch (schedule.type) {
    case "weekly": {
      const weekday = ((new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7) + 1;
      return schedule.days.includes(weekday);
    }
    case "monthly": {
      const last = new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();
      return date.day >= schedule.fromDay && date.day <= Math.min(schedule.toDay, last);
    }
    case "yearly":
      return schedule.months.includes(date.month);
  }
}

export function occurrenceAt(schedule: Schedule, at: Date, timeZone: string): Occurrence | null {
  if (schedule.type === "once") {
    return at >= schedule.startsAt && at < schedule.endsAt ? { start: schedule.startsAt, end: schedule.endsAt } : null;
  }
  const today = localDate(at, timeZone);
  if (!dayMatches(schedule, today)) return null;
  let first = today;
  for (let i = 0; i < 370 && dayMatches(schedule, addDays(first, -1)); i++) first = addDays(first, -1);
  let last = today;
  for (let i = 0; i < 370 && dayMatches(schedule, addDays(last, 1)); i++) last = addDays(last, 1);
  return { start: startOfDay(first, timeZone), end: startOfDay(addDays(last, 1), timeZone) };
}

export function campaignPhase(campaign: Campaign, now: Date, timeZone: string): CampaignPhase {
  if (!campaign.active) return "paused";
  if (occurrenceAt(campaign.schedule, now, timeZone)) return "running";
  if (campaign.schedule.type === "once") return now < campaign.schedule.startsAt ? "scheduled" : "ended";
  return "scheduled";
}

export function runningCampaigns(campaigns: readonly Campaign[], now: Date, timeZone: string): RunningCampaign[] {
  return campaigns.flatMap((campaign) => {
    const occurrence = campaign.active ? occurrenceAt(campaign.schedule, now, timeZone) : null;
    return occurrence ? [{ ...campaign, endsAt: occurrence.end }] : [];
  });
}
