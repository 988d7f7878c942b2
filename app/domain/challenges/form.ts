/**
 * The admin's challenge form, one per kind (a challenge over a window, a lifetime milestone, a
 * streak): flat text fields as posted ("goal", "window", "steps.0.length") turned into the
 * kind's definition through the schemas in ./definition.ts, every problem as a message under
 * its field; and a stored challenge turned back into the same fields for editing. Pure.
 *
 * Dates are calendar days in the shop's time zone: a first day starts at its first instant, a
 * last day is stored as the next day's first instant (`endsAt` is exclusive). Money (a spend
 * goal) is typed in the shop currency. Lists (pages, profile fields) are comma-separated.
 */
import type { z } from "zod";
import { FieldReader } from "../form-reader";
import { currencyExponent, fromMinorUnits } from "../money";
import { PROFILE_FIELDS } from "../rules/rule";
import { dateText, dayOf, nextDay, startOfDay } from "../rules/shop-dates";
import {
  CHALLENGE_KINDS,
  CHALLENGE_MEASURE_TYPES,
  definitionSchemas,
  MILESTONE_MEASURE_TYPES,
  type Challenge,
  type ChallengeDefinition,
  type ChallengeKind,
  type CompletionReward,
  type MilestoneDefinition,
  type StreakDefinition,
} from "./definition";

export type ChallengeFields = Record<string, string>;
export type ChallengeFieldErrors = Record<string, string>;

export const CHALLENGE_MEASURES = CHALLENGE_MEASURE_TYPES;
export const MILESTONE_MEASURES = MILESTONE_MEASURE_TYPES;
export const STREAK_ACTIONS = ["orders", "visits", "custom_actions"] as const;
export const CHALLENGE_WINDOWS = ["week", "month", "range"] as const;
export const STREAK_PERIODS = ["day", "week"] as const;
export const REWARD_TYPES = ["points", "reward"] as const;
/** Rows a streak's form offers; the schema allows ten steps. */
export const MAX_STEPS = 10;

export interface ChallengeFormOptions {
  timeZone: string;
  currencyCode: string;
  /** The shop's catalogue: a reward given on completion must be one of them. Absent: any id. */
  rewardIds?: readonly string[];
}

export type ChallengeDraft =
  | { kind: "challenge"; definition: ChallengeDefinition }
  | { kind: "milestone"; definition: MilestoneDefinition }
  | { kind: "streak"; definition: StreakDefinition };

export type ChallengeFormResult =
  ({ ok: true; title: string; description: string } & ChallengeDraft) | { ok: false; errors: ChallengeFieldErrors };

const MAX_TITLE = 80;
const MAX_DESCRIPTION = 300;
const MAX_COUNT = 1_000_000;

/** What a new challenge of a kind starts from: values a merchant can save once named. */
export function blankChallengeFields(kind: ChallengeKind): ChallengeFields {
  const common = { kind, title: "", description: "", startsOn: "", endsOn: "", keepOnRefund: "false" };
  const reward = { rewardType: "points", rewardPoints: "100", rewardId: "" };
  if (kind === "milestone") return { ...common, ...reward, measure: "orders", goal: "10" };
  if (kind === "streak") {
    return {
      ...common,
      action: "orders",
      actionKey: "",
      period: "week",
      graceMissed: "0",
      ...stepFields([
        { length: "3", rewardType: "points", points: "100", rewardId: "" },
        { length: "", rewardType: "points", points: "", rewardId: "" },
      ]),
    };
  }
  return {
    ...common,
    ...reward,
    measure: "visits",
    goal: "5",
    pages: "",
    actionKey: "",
    profileFields: "",
    window: "month",
    repeat: "true",
    windowStartsOn: "",
    windowEndsOn: "",
  };
}

interface StepRow {
  length: string;
  rewardType: string;
  points: string;
  rewardId: string;
}

function stepFields(rows: readonly StepRow[]): ChallengeFields {
  return Object.fromEntries(
    rows.flatMap((row, i) => Object.entries(row).map(([name, value]) => [`steps.${i}.${name}`, value])),
  );
}

/** The step rows' indexes in the order posted, whatever their numbers. */
export function stepIndexes(fields: ChallengeFields): number[] {
  const indexes = new Set<number>();
  for (const name of Object.keys(fields)) {
    const match = /^steps\.(\d{1,2})\.\w+$/.exec(name);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

class ChallengeFieldReader extends FieldReader {
  constructor(
    fields: ChallengeFields,
    private readonly options: ChallengeFormOptions,
  ) {
    super(fields);
  }

  count(name: string, required: string) {
    if (this.raw(name) === "") return this.fail(name, required);
    return this.whole(name, { min: 1, max: MAX_COUNT, blank: undefined, tooSmall: "Enter at least 1." });
  }

  spend(name: string) {
    if (this.raw(name) === "") return this.fail(name, "Enter the amount to spend, such as 100.");
    const minor = this.money(name, this.options.currencyCode);
    return minor === 0 ? this.fail(name, "Enter an amount more than zero.") : minor;
  }

  /** What completing gives, from `<prefix>rewardType`, `<prefix>points` or `<prefix>rewardId`. */
  reward(type: string, points: string, rewardId: string): CompletionReward | undefined {
    const chosen = this.choice(type, REWARD_TYPES, "Choose points or a reward.");
    if (chosen === "points") {
      const n = this.count(points, "Enter the points completing gives.");
      return n === undefined ? undefined : { type: "points", points: n };
    }
    if (chosen === "reward") {
      const id = this.raw(rewardId);
      if (!id) return this.fail(rewardId, "Choose the reward completing gives.");
      if (this.options.rewardIds && !this.options.rewardIds.includes(id)) {
        return this.fail(rewardId, "Choose a reward from your catalogue.");
      }
      return { type: "reward", rewardId: id };
    }
    return undefined;
  }

  /** A first and a last day as [start, exclusive end) in the shop's zone. */
  days(fromName: string, untilName: string) {
    const from = this.date(fromName);
    const until = this.date(untilName);
    if (from && until && dateText(until) < dateText(from)) {
      this.fail(untilName, "The last day must be on or after the first day.");
    }
    const zone = this.options.timeZone;
    return {
      startsAt: from && startOfDay(from, zone),
      endsAt: until && startOfDay(nextDay(until), zone),
    };
  }
}

function measureInput(read: ChallengeFieldReader, kind: "challenge" | "milestone") {
  const allowed = kind === "challenge" ? CHALLENGE_MEASURES : MILESTONE_MEASURES;
  const type = read.choice("measure", allowed as readonly string[], "Choose what counts.");
  switch (type) {
    case "spend":
      return { type, amountMinor: read.spend("goal") };
    case "points_earned":
      return { type, points: read.count("goal", "Enter the points to earn.") };
    case "membership_days":
      return { type, days: read.count("goal", "Enter the number of days as a member.") };
    case "pages": {
      const pages = read.list("pages").map((pattern) => ({ pattern }));
      if (pages.length === 0) read.fail("pages", "Add at least one page, for example /pages/lookbook.");
      return { type, count: read.count("goal", "Enter how many of the pages."), pages };
    }
    case "custom_actions":
      return {
        type,
        count: read.count("goal", "Enter how many times."),
        key: read.text("actionKey", { max: 64, required: "Enter the action’s key, for example app_launched." }),
      };
    case "profile_fields": {
      const fields = read.list("profileFields");
      if (fields.some((f) => !(PROFILE_FIELDS as readonly string[]).includes(f))) {
        read.fail("profileFields", "Choose profile details from the list.");
      } else if (fields.length === 0) read.fail("profileFields", "Choose at least one profile detail.");
      return { type, count: read.count("goal", "Enter how many of the details."), fields };
    }
    case undefined:
      return undefined;
    default:
      return { type, count: read.count("goal", "Enter how many times.") };
  }
}

function windowInput(read: ChallengeFieldReader) {
  const type = read.choice("window", CHALLENGE_WINDOWS, "Choose the window progress is counted in.");
  if (type !== "range") return type && { type, repeat: read.flag("repeat") };
  if (!read.raw("windowStartsOn")) read.fail("windowStartsOn", "Enter the first day.");
  if (!read.raw("windowEndsOn")) read.fail("windowEndsOn", "Enter the last day.");
  return { type, ...read.days("windowStartsOn", "windowEndsOn") };
}

function streakInput(read: ChallengeFieldReader, fields: ChallengeFields) {
  const action = read.choice("action", STREAK_ACTIONS, "Choose what keeps the streak going.");
  const rows = stepIndexes(fields).filter((i) =>
    [`steps.${i}.length`, `steps.${i}.points`, `steps.${i}.rewardId`].some((name) => read.raw(name) !== ""),
  );
  if (rows.length === 0) read.fail("steps", "Add at least one length to reward.");
  if (rows.length > MAX_STEPS) read.fail("steps", `Reward at most ${MAX_STEPS} lengths.`);
  const steps = rows.map((i) => ({
    length: read.whole(`steps.${i}.length`, {
      min: 2,
      max: 1000,
      blank: "required",
      tooSmall: "A streak is at least 2 in a row.",
    }),
    reward: read.reward(`steps.${i}.rewardType`, `steps.${i}.points`, `steps.${i}.rewardId`),
  }));
  return {
    input: {
      action:
        action === "custom_actions"
          ? {
              type: action,
              key: read.text("actionKey", { max: 64, required: "Enter the action’s key, for example app_launched." }),
            }
          : action && { type: action },
      period: read.choice("period", STREAK_PERIODS, "Choose days or weeks."),
      steps,
      graceMissed: read.whole("graceMissed", { min: 0, max: 3, blank: 0 }),
    },
    rows,
  };
}

const MEASURE_FIELDS: Record<string, string> = {
  count: "goal",
  amountMinor: "goal",
  points: "goal",
  days: "goal",
  key: "actionKey",
  fields: "profileFields",
  pages: "pages",
};

/** Where a schema issue is shown: the field the merchant typed it in. */
function fieldOf(issue: z.ZodIssue, stepRows: readonly number[]): string {
  const [head, second, third, fourth] = issue.path;
  switch (head) {
    case "measure":
      return MEASURE_FIELDS[String(second)] ?? "measure";
    case "window":
      return second === "endsAt" ? "windowEndsOn" : second === "startsAt" ? "windowStartsOn" : "window";
    case "reward":
      return second === "rewardId" ? "rewardId" : "rewardPoints";
    case "action":
      return second === "key" ? "actionKey" : "action";
    case "steps": {
      if (typeof second !== "number") return "steps";
      const row = `steps.${stepRows[second] ?? second}`;
      return third === "reward" ? `${row}.${fourth === "rewardId" ? "rewardId" : "points"}` : `${row}.length`;
    }
    case "startsAt":
      return "startsOn";
    case "endsAt":
      return "endsOn";
    case undefined:
      return "form";
    default:
      return String(head);
  }
}

/** Reads the form of the kind posted: every field checked, so the merchant sees every problem at once. */
export function parseChallengeForm(fields: ChallengeFields, options: ChallengeFormOptions): ChallengeFormResult {
  const read = new ChallengeFieldReader(fields, options);
  const kind = read.choice("kind", CHALLENGE_KINDS, "Choose a challenge, a milestone or a streak.");
  const title = read.text("title", { max: MAX_TITLE, required: "Give it a name, such as “Visit 5 times this month”." });
  const description = read.raw("description");
  if (description.length > MAX_DESCRIPTION) {
    read.fail("description", `Keep it to ${MAX_DESCRIPTION} characters or fewer.`);
  }
  const { startsAt, endsAt } = read.days("startsOn", "endsOn");
  const common = {
    ...(startsAt ? { startsAt } : {}),
    ...(endsAt ? { endsAt } : {}),
    keepOnRefund: read.flag("keepOnRefund"),
  };
  let input: Record<string, unknown> = {};
  let stepRows: number[] = [];
  if (kind === "challenge") {
    input = {
      ...common,
      measure: measureInput(read, kind),
      window: windowInput(read),
      reward: read.reward("rewardType", "rewardPoints", "rewardId"),
    };
  } else if (kind === "milestone") {
    input = {
      ...common,
      measure: measureInput(read, kind),
      reward: read.reward("rewardType", "rewardPoints", "rewardId"),
    };
  } else if (kind === "streak") {
    const streak = streakInput(read, fields);
    input = { ...common, ...streak.input };
    stepRows = streak.rows;
  }
  const errors = { ...read.errors };
  if (!kind || Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = definitionSchemas[kind].safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[fieldOf(issue, stepRows)] ??= issue.message;
    return { ok: false, errors };
  }
  return { ok: true, title: title!, description, kind, definition: parsed.data } as ChallengeFormResult;
}

const lastDayText = (endsAt: Date, timeZone: string) => dayOf(new Date(endsAt.getTime() - 1), timeZone);

function rewardFields(reward: CompletionReward, prefix: { type: string; points: string; rewardId: string }) {
  return {
    [prefix.type]: reward.type,
    [prefix.points]: reward.type === "points" ? String(reward.points) : "",
    [prefix.rewardId]: reward.type === "reward" ? reward.rewardId : "",
  };
}

/** A stored challenge as its kind's form fields; `parseChallengeForm` reads the same challenge back. */
export function challengeToFields(
  challenge: Challenge,
  options: Pick<ChallengeFormOptions, "timeZone" | "currencyCode">,
): ChallengeFields {
  const { timeZone } = options;
  const fields: ChallengeFields = {
    ...blankChallengeFields(challenge.kind),
    title: challenge.title,
    description: challenge.description,
    startsOn: challenge.startsAt ? dayOf(challenge.startsAt, timeZone) : "",
    endsOn: challenge.endsAt ? lastDayText(challenge.endsAt, timeZone) : "",
    keepOnRefund: String(challenge.keepOnRefund),
  };
  if (challenge.kind === "streak") {
    for (const name of Object.keys(fields)) if (name.startsWith("steps.")) delete fields[name];
    return {
      ...fields,
      action: challenge.action.type,
      actionKey: challenge.action.type === "custom_actions" ? challenge.action.key : "",
      period: challenge.period,
      graceMissed: String(challenge.graceMissed),
      ...stepFields(
        challenge.steps.map((step) => {
          const reward = rewardFields(step.reward, { type: "rewardType", points: "points", rewardId: "rewardId" });
          return { length: String(step.length), ...reward } as unknown as StepRow;
        }),
      ),
    };
  }
  const measure = challenge.measure;
  const goal =
    measure.type === "spend"
      ? fromMinorUnits(measure.amountMinor, currencyExponent(options.currencyCode))
      : String("count" in measure ? measure.count : "points" in measure ? measure.points : measure.days);
  Object.assign(fields, {
    measure: measure.type,
    goal,
    ...rewardFields(challenge.reward, { type: "rewardType", points: "rewardPoints", rewardId: "rewardId" }),
  });
  if (challenge.kind === "milestone") return fields;
  const m = challenge.measure;
  const window = challenge.window;
  return {
    ...fields,
    pages: m.type === "pages" ? m.pages.map((p) => p.pattern).join(", ") : "",
    actionKey: m.type === "custom_actions" ? m.key : "",
    profileFields: m.type === "profile_fields" ? m.fields.join(",") : "",
    window: window.type,
    repeat: window.type === "range" ? "true" : String(window.repeat),
    windowStartsOn: window.type === "range" ? dayOf(window.startsAt, timeZone) : "",
    windowEndsOn: window.type === "range" ? lastDayText(window.endsAt, timeZone) : "",
  };
}
