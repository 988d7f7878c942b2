/**
 * The admin's campaign form: flat text fields as posted ("multiplier", "weekdays",
 * "startDate") turned into a title and a `CampaignDefinition` through the schema in
 * ./definition.ts, every problem as a message under its field; and a stored campaign turned
 * back into the same fields for editing. Pure.
 *
 * Dates and times are the shop's wall clock. A one-off campaign runs from its start date and
 * time (blank time: the start of that day) to its end date and time; an end without a time
 * means the end of that day (stored as the next day's first instant, `endsAt` being exclusive).
 * Lists (weekdays, tags, chosen ids) are posted comma-separated.
 */
import type { z } from "zod";
import { FieldReader, readWallClock } from "../form-reader";
import { addDays, dayOf, parseDateText, startOfDay, wallClockInstant, wallClockText } from "../rules/shop-dates";
import {
  campaignDefinitionSchema,
  CAMPAIGN_EFFECT_TYPES,
  type Campaign,
  type CampaignDefinition,
  type ScheduleType,
} from "./definition";

export type CampaignFields = Record<string, string>;
export type CampaignFieldErrors = Record<string, string>;

export const SCHEDULE_TYPES = ["once", "weekly", "monthly", "yearly"] as const satisfies readonly ScheduleType[];
export const CAMPAIGN_CHANNELS = ["online_store", "pos", "draft_order"] as const;
type CampaignChannel = (typeof CAMPAIGN_CHANNELS)[number];

export interface CampaignFormOptions {
  timeZone: string;
  /** The shop's rules, tiers and rewards: a chosen id must be one of them. Absent: any id. */
  ruleIds?: readonly string[];
  tierIds?: readonly string[];
  rewardIds?: readonly string[];
}

export type CampaignFormResult =
  { ok: true; title: string; definition: CampaignDefinition } | { ok: false; errors: CampaignFieldErrors };

const MAX_TITLE = 80;

/** A new campaign's form: double points every weekend, on every award. */
export function blankCampaignFields(): CampaignFields {
  return {
    title: "",
    effect: "multiplier",
    multiplier: "2",
    bonusPoints: "",
    rewardIds: "",
    costPercentOff: "",
    valuePercentUp: "",
    ruleIds: "",
    channels: "",
    productTags: "",
    tierIds: "",
    customerTags: "",
    scheduleType: "weekly",
    startDate: "",
    startTime: "",
    endDate: "",
    endTime: "",
    weekdays: "6,7",
    fromDay: "",
    toDay: "",
    months: "",
    startsOn: "",
    endsOn: "",
  };
}

/** "2", "1.5", "×1.25", "x3" → hundredths; at most two decimals. */
function readMultiplier(read: FieldReader): number | undefined {
  const text = read.raw("multiplier").replace(/^[x×]\s*/i, "");
  if (text === "") return read.fail("multiplier", "Enter the multiplier, such as 2 for double points.");
  if (/^\d+\.\d{3,}$/.test(text)) return read.fail("multiplier", "Use at most two decimals, such as 1.25.");
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(text)) {
    return read.fail("multiplier", "Enter a number such as 2, 1.5 or 1.25.");
  }
  const hundredths = Math.round(Number(text) * 100);
  if (hundredths <= 100) return read.fail("multiplier", "Enter more than 1: 2 doubles the points.");
  if (hundredths > 1000) return read.fail("multiplier", "At most 10 times the points.");
  return hundredths;
}

/** Comma-separated whole numbers from min to max, sorted, each once. */
function readNumbers(read: FieldReader, name: string, min: number, max: number, message: string) {
  const values = read.list(name);
  const numbers = values.map(Number);
  if (values.some((v, i) => !/^\d{1,2}$/.test(v) || numbers[i]! < min || numbers[i]! > max)) {
    return read.fail(name, message);
  }
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/** Chosen ids that must be among the shop's own (when the caller knows them). */
function readIds(read: FieldReader, name: string, known: readonly string[] | undefined, message: string) {
  const ids = read.list(name);
  if (known && ids.some((id) => !known.includes(id))) return read.fail(name, message);
  return ids;
}

function effectInput(read: FieldReader, options: CampaignFormOptions) {
  const type = read.choice("effect", CAMPAIGN_EFFECT_TYPES, "Choose what the campaign does.");
  if (type === "reward_price") {
    return {
      type,
      rewardIds: readIds(read, "rewardIds", options.rewardIds, "Choose rewards from your catalogue."),
      costPercentOff: read.whole("costPercentOff", { min: 0, max: 90, blank: 0 }),
      valuePercentUp: read.whole("valuePercentUp", { min: 0, max: 500, blank: 0 }),
    };
  }
  const channels = read.list("channels");
  if (channels.some((c) => !(CAMPAIGN_CHANNELS as readonly string[]).includes(c))) {
    read.fail("channels", "Choose channels from the list.");
  }
  const targeting = {
    ruleIds: readIds(read, "ruleIds", options.ruleIds, "Choose rules from your earning rules."),
    channels: channels.map((type) => ({ type: type as CampaignChannel })),
    productTags: read.list("productTags"),
    tierIds: readIds(read, "tierIds", options.tierIds, "Choose tiers from your tiers."),
    // Member.customerTags is lower-cased: so is what the campaign looks for.
    customerTags: [...new Set(read.list("customerTags").map((t) => t.toLowerCase()))],
  };
  if (type === "multiplier") return { type, multiplierHundredths: readMultiplier(read), targeting };
  if (type === "bonus") {
    const points = read.whole("bonusPoints", {
      min: 1,
      max: 1_000_000,
      blank: "required",
      tooSmall: "Give at least 1 point.",
    });
    return { type, points, targeting };
  }
  return undefined;
}

function scheduleInput(read: FieldReader, timeZone: string) {
  const type = read.choice("scheduleType", SCHEDULE_TYPES, "Choose when the campaign runs.");
  if (type === "once") {
    const start = readWallClock(read, "startDate", "startTime");
    const end = readWallClock(read, "endDate", "endTime");
    if (!read.raw("startDate")) read.fail("startDate", "Enter the day the campaign starts.");
    if (!read.raw("endDate")) read.fail("endDate", "Enter the last day of the campaign.");
    // No end time: to the end of that day.
    const endsAt =
      end && (read.raw("endTime") === "" ? startOfDay(addDays(end, 1), timeZone) : wallClockInstant(end, timeZone));
    const startsAt =
      start && (read.raw("startTime") === "" ? startOfDay(start, timeZone) : wallClockInstant(start, timeZone));
    return { type, startsAt, endsAt };
  }
  const bounds = {
    ...(read.date("startsOn") ? { startsOn: read.raw("startsOn") } : {}),
    ...(read.date("endsOn") ? { endsOn: read.raw("endsOn") } : {}),
  };
  if (type === "weekly") {
    const days = readNumbers(read, "weekdays", 1, 7, "Choose the days of the week.");
    if (days?.length === 0) read.fail("weekdays", "Choose at least one day of the week.");
    return { type, days, ...bounds };
  }
  if (type === "monthly") {
    const day = (name: string) =>
      read.whole(name, { min: 1, max: 31, blank: "required", tooSmall: "Enter a day from 1 to 31." });
    return { type, fromDay: day("fromDay"), toDay: day("toDay"), ...bounds };
  }
  if (type === "yearly") {
    const months = readNumbers(read, "months", 1, 12, "Choose the months.");
    if (months?.length === 0) read.fail("months", "Choose at least one month.");
    return { type, months, ...bounds };
  }
  return undefined;
}

/** Where a schema issue is shown: the field the merchant typed it in. */
function fieldOf(issue: z.ZodIssue): string {
  const [head, second, third] = issue.path;
  if (head === "schedule") {
    if (second === "startsAt") return "startDate";
    if (second === "endsAt") return "endDate";
    if (second === "days") return "weekdays";
    return typeof second === "string" ? second : "scheduleType";
  }
  if (head === "effect") {
    if (second === "multiplierHundredths") return "multiplier";
    if (second === "points") return "bonusPoints";
    if (second === "targeting") return typeof third === "string" ? third : "form";
    return typeof second === "string" ? second : "effect";
  }
  return "form";
}

/** Reads the whole form: every field checked, so the merchant sees every problem at once. */
export function parseCampaignForm(fields: CampaignFields, options: CampaignFormOptions): CampaignFormResult {
  const read = new FieldReader(fields);
  const title = read.text("title", {
    max: MAX_TITLE,
    required: "Give the campaign a name, such as “Double points weekends”.",
  });
  const input = { schedule: scheduleInput(read, options.timeZone), effect: effectInput(read, options) };
  const errors = { ...read.errors };
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = campaignDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[fieldOf(issue)] ??= issue.message;
    return { ok: false, errors };
  }
  return { ok: true, title: title!, definition: parsed.data };
}

const join = (values: readonly (string | number)[]) => values.join(",");

/** A stored campaign as the form's fields; `parseCampaignForm` reads the same campaign back. */
export function campaignToFields(
  campaign: Pick<Campaign, "title" | "schedule" | "effect">,
  timeZone: string,
): CampaignFields {
  const fields: CampaignFields = { ...blankCampaignFields(), title: campaign.title, weekdays: "" };
  const { schedule, effect } = campaign;
  fields.effect = effect.type;
  fields.multiplier = "";
  if (effect.type === "reward_price") {
    fields.rewardIds = join(effect.rewardIds);
    fields.costPercentOff = effect.costPercentOff ? String(effect.costPercentOff) : "";
    fields.valuePercentUp = effect.valuePercentUp ? String(effect.valuePercentUp) : "";
  } else {
    const t = effect.targeting;
    Object.assign(fields, {
      ruleIds: join(t.ruleIds),
      channels: join(t.channels.map((c) => c.type)),
      productTags: join(t.productTags),
      tierIds: join(t.tierIds),
      customerTags: join(t.customerTags),
    });
    if (effect.type === "multiplier") fields.multiplier = hundredthsText(effect.multiplierHundredths);
    else fields.bonusPoints = String(effect.points);
  }
  fields.scheduleType = schedule.type;
  if (schedule.type === "once") {
    const start = wallClockText(schedule.startsAt, timeZone);
    fields.startDate = start.slice(0, 10);
    fields.startTime =
      startOfDay(parseDateText(fields.startDate)!, timeZone).getTime() === schedule.startsAt.getTime()
        ? ""
        : start.slice(11);
    const endDay = dayOf(schedule.endsAt, timeZone);
    if (startOfDay(parseDateText(endDay)!, timeZone).getTime() === schedule.endsAt.getTime()) {
      // The first instant of a day: the campaign runs to the end of the day before.
      fields.endDate = dayOf(new Date(schedule.endsAt.getTime() - 1), timeZone);
      fields.endTime = "";
    } else {
      const end = wallClockText(schedule.endsAt, timeZone);
      fields.endDate = end.slice(0, 10);
      fields.endTime = end.slice(11);
    }
    return fields;
  }
  fields.startsOn = schedule.startsOn ?? "";
  fields.endsOn = schedule.endsOn ?? "";
  if (schedule.type === "weekly") fields.weekdays = join(schedule.days);
  if (schedule.type === "monthly")
    Object.assign(fields, { fromDay: String(schedule.fromDay), toDay: String(schedule.toDay) });
  if (schedule.type === "yearly") fields.months = join(schedule.months);
  return fields;
}

/** 200 → "2", 150 → "1.5", 125 → "1.25". */
export function hundredthsText(hundredths: number): string {
  return String(hundredths / 100);
}
