/**
 * The admin's reward form: its string fields parsed into the Reward model's writable columns
 * for the chosen kind (the other kinds' columns null), every problem found in one pass with
 * one message per field for the merchant, and a stored reward turned back into the form's
 * fields. Pure.
 *
 * Dates and times are the shop's wall clock (options.timeZone, UTC when absent):
 * "2026-03-01" is midnight there, "2026-03-01T09:30" a minute there; an ISO instant with an
 * offset is taken as it is.
 */
import { z } from "zod";
import { currencyExponent, fromMinorUnits, toMinorUnits } from "../money";
import { wallClockInstant, wallClockText } from "../rules/shop-dates";
import { CODE_KINDS, REWARD_KINDS, type Reward, type RewardKind } from "./catalogue";

export const MAX_REWARD_POINTS = 10_000_000;
export const MAX_REWARD_MONEY_UNITS = 100_000;
const MAX_COUNT = 10_000_000;
const MAX_DAYS = 3650;
const MAX_TITLE = 80;
const MAX_DESCRIPTION = 500;
const MAX_URL = 2048;

/** A field as a form or JSON client sends it: text, a number, a checkbox's boolean, or nothing. */
const field = z.union([z.string(), z.number(), z.boolean(), z.null()]).optional();

const translationRow = z.object({ locale: field, title: field, description: field });

const formFields = z.object({
  kind: field,
  title: field,
  description: field,
  imageUrl: field,
  costPoints: field,
  /** Money in shop currency ("5.00"): amount off, credit, the product's price, one step's value, a custom reward's cost. */
  value: field,
  percentOff: field,
  minimumOrder: field,
  maxShipping: field,
  productId: field,
  variantId: field,
  maxPoints: field,
  stock: field,
  limitPerCustomer: field,
  limitPerPeriod: field,
  limitPeriodDays: field,
  redeemFrom: field,
  redeemUntil: field,
  showFrom: field,
  showUntil: field,
  minTierId: field,
  codeExpiryDays: field,
  combinesWithOrder: field,
  combinesWithProduct: field,
  combinesWithShipping: field,
  translations: z.array(translationRow).optional(),
});

/** The raw fields, as the form (Object.fromEntries of its data, translations as rows) sends them. */
export type RewardFormInput = z.input<typeof formFields>;
export type RewardFormField = keyof RewardFormInput;

const text = (value: unknown): string =>
  value === undefined || value === null || typeof value === "boolean" ? "" : String(value).trim();

const VALUE_KINDS: readonly RewardKind[] = ["amount_off", "free_product", "store_credit", "points_to_discount"];
const MINIMUM_KINDS: readonly RewardKind[] = ["amount_off", "percent_off", "free_shipping", "points_to_discount"];
const LOCALE = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

export interface RewardFormOptions {
  /** The shop's tier ids: a minimum tier must be one of them. Absent: any id is taken. */
  tierIds?: readonly string[];
  /** The shop's IANA time zone, in which dates are typed; UTC when absent. */
  timeZone?: string;
}

/** Every field checked in one pass, so the merchant sees all problems at once. */
export function rewardFormSchema(currencyCode: string, options: RewardFormOptions = {}) {
  const exponent = currencyExponent(currencyCode);
  const timeZone = options.timeZone ?? "UTC";
  const maxMinor = MAX_REWARD_MONEY_UNITS * 10 ** exponent;

  return formFields.transform((raw, ctx) => {
    const problem = (path: (string | number)[], message: string) => {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
      return null;
    };

    /** A whole number from min to max; blank: null, or the message when required. */
    const whole = (name: RewardFormField, min: number, max: number, required: string | null, unit: string) => {
      const value = text(raw[name]);
      if (value === "") return required ? problem([name], required) : null;
      if (!/^\d{1,9}$/.test(value)) return problem([name], `Enter a whole number of ${unit}.`);
      const n = Number(value);
      if (n < min) return problem([name], `At least ${min.toLocaleString("en")}.`);
      if (n > max) return problem([name], `At most ${max.toLocaleString("en")}.`);
      return n;
    };

    /** Money in shop currency as minor units; blank: null, or the message when required. */
    const money = (name: RewardFormField, required: string | null, allowZero: boolean) => {
      const value = text(raw[name]);
      if (value === "") return required ? problem([name], required) : null;
      if (!/^\d+(\.\d+)?$/.test(value)) {
        return problem([name], exponent === 0 ? "Enter an amount such as 5." : "Enter an amount such as 5 or 5.00.");
      }
      const decimals = value.split(".")[1]?.length ?? 0;
      if (decimals > exponent) {
        return problem([name], exponent === 0 ? "Enter a whole amount." : `Use at most ${exponent} decimals.`);
      }
      const minor = toMinorUnits(value, exponent);
      if (minor === null || minor > maxMinor) return problem([name], "At most 100,000.");
      if (minor === 0 && !allowZero) return problem([name], "Enter an amount more than zero.");
      return minor;
    };

    const instant = (name: RewardFormField) => {
      const value = text(raw[name]);
      if (value === "") return null;
      const local = DATE.exec(value);
      const clock = local && {
        year: Number(local[1]),
        month: Number(local[2]),
        day: Number(local[3]),
        hour: Number(local[4] ?? 0),
        minute: Number(local[5] ?? 0),
      };
      // A real calendar date and clock time (no 31 February, no 25:00), then placed in the shop's zone.
      const real =
        clock !== null &&
        new Date(Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute))
          .toISOString()
          .startsWith(`${local![1]}-${local![2]}-${local![3]}T${local![4] ?? "00"}:${local![5] ?? "00"}`);
      const date = clock
        ? real
          ? wallClockInstant(clock, timeZone)
          : null
        : /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(value)
          ? new Date(value)
          : null;
      const valid = date !== null && !Number.isNaN(date.getTime());
      if (!valid || date.getUTCFullYear() < 2000 || date.getUTCFullYear() > 9999) {
        return problem([name], "Enter a date such as 2026-03-01, or a date and time such as 2026-03-01T09:30.");
      }
      return date;
    };

    const window = (fromName: RewardFormField, untilName: RewardFormField) => {
      const from = instant(fromName);
      const until = instant(untilName);
      if (from && until && until.getTime() <= from.getTime())
        problem([untilName], "The end must come after the start.");
      return { from, until };
    };

    /** Shopify's numeric id, also from a resource picker's gid://shopify/Product/123. */
    const shopifyId = (name: RewardFormField, resource: "Product" | "ProductVariant", required: string | null) => {
      const value = text(raw[name]);
      if (value === "") return required ? problem([name], required) : null;
      const match = new RegExp(`^(?:gid://shopify/${resource}/)?(\\d{1,20})$`).exec(value);
      if (!match) return problem([name], `Enter the ${resource === "Product" ? "product" : "variant"}'s numeric id.`);
      return match[1]!;
    };

    const checked = (name: RewardFormField) => {
      const value = raw[name];
      if (typeof value === "boolean") return value;
      return ["on", "true", "1", "yes"].includes(text(value).toLowerCase());
    };

    const kindText = text(raw.kind);
    const kind = (REWARD_KINDS as readonly string[]).includes(kindText) ? (kindText as RewardKind) : null;
    if (!kind) problem(["kind"], "Choose the kind of reward.");

    const title = text(raw.title);
    if (title === "") problem(["title"], "Give the reward a name.");
    else if (title.length > MAX_TITLE) problem(["title"], `Keep the name under ${MAX_TITLE} characters.`);
    const description = text(raw.description);
    if (description.length > MAX_DESCRIPTION) {
      problem(["description"], `Keep the description under ${MAX_DESCRIPTION} characters.`);
    }

    let imageUrl: string | null = text(raw.imageUrl) || null;
    if (imageUrl !== null && (!/^https?:\/\/[^\s]+$/i.test(imageUrl) || imageUrl.length > MAX_URL)) {
      imageUrl = problem(["imageUrl"], "Enter the image's web address, starting with https://.");
    }

    const costPoints = whole(
      "costPoints",
      1,
      MAX_REWARD_POINTS,
      kind === "points_to_discount" ? "Enter the points of one step." : "Enter the reward's price in points.",
      "points",
    );

    const is = (...kinds: readonly RewardKind[]) => kind !== null && kinds.includes(kind);

    let valueMinor = 0;
    if (is(...VALUE_KINDS)) {
      const required =
        kind === "free_product"
          ? "Enter the product's price, the value taken off."
          : kind === "points_to_discount"
            ? "Enter what one step takes off."
            : kind === "store_credit"
              ? "Enter the store credit's amount."
              : "Enter the amount off.";
      valueMinor = money("value", required, false) ?? 0;
    } else if (kind === "custom") {
      // What one costs the merchant, for the cost rate; blank: nothing counted.
      valueMinor = money("value", null, true) ?? 0;
    }

    const percentOff =
      kind === "percent_off" ? whole("percentOff", 1, 100, "Enter the percentage off, 1 to 100.", "percent") : null;
    const minimumOrderMinor = is(...MINIMUM_KINDS) ? money("minimumOrder", null, false) : null;
    const maxShippingMinor = kind === "free_shipping" ? money("maxShipping", null, false) : null;
    const productId =
      kind === "free_product" ? shopifyId("productId", "Product", "Choose the product the reward gives.") : null;
    const variantId = kind === "free_product" ? shopifyId("variantId", "ProductVariant", null) : null;

    let maxPoints: number | null = null;
    if (kind === "points_to_discount") {
      maxPoints = whole("maxPoints", 1, MAX_REWARD_POINTS, "Enter the most points one redemption may spend.", "points");
      if (maxPoints !== null && costPoints !== null && maxPoints % costPoints !== 0) {
        maxPoints = problem(["maxPoints"], `Enter a multiple of the step, ${costPoints.toLocaleString("en")} points.`);
      }
    }

    const stockRemaining = whole("stock", 0, MAX_COUNT, null, "items");
    const limitPerCustomer = whole("limitPerCustomer", 1, MAX_COUNT, null, "redemptions");
    const limitPerPeriod = whole("limitPerPeriod", 1, MAX_COUNT, null, "redemptions");
    const limitPeriodDays = whole("limitPeriodDays", 1, MAX_DAYS, null, "days");
    const countGiven = text(raw.limitPerPeriod) !== "";
    if (countGiven !== (text(raw.limitPeriodDays) !== "")) {
      problem(
        [countGiven ? "limitPeriodDays" : "limitPerPeriod"],
        "Enter both how many and in how many days, or neither.",
      );
    }

    const redeem = window("redeemFrom", "redeemUntil");
    const show = window("showFrom", "showUntil");

    let minTierId: string | null = text(raw.minTierId) || null;
    if (minTierId !== null && options.tierIds && !options.tierIds.includes(minTierId)) {
      minTierId = problem(["minTierId"], "Choose a tier from the list.");
    }

    const isCode = kind !== null && CODE_KINDS.includes(kind);
    const codeExpiryDays = isCode ? whole("codeExpiryDays", 1, MAX_DAYS, null, "days") : null;

    const translations: Record<string, { title?: string; description?: string }> = {};
    (raw.translations ?? []).forEach((row, index) => {
      const locale = text(row.locale);
      const rowTitle = text(row.title);
      const rowDescription = text(row.description);
      if (locale === "" && rowTitle === "" && rowDescription === "") return; // an empty row left in the form
      if (!LOCALE.test(locale))
        return problem(["translations", index, "locale"], "Enter a language code such as fr or pt-BR.");
      if (Object.keys(translations).some((known) => known.toLowerCase() === locale.toLowerCase())) {
        return problem(["translations", index, "locale"], "This language is already translated above.");
      }
      if (rowTitle === "" && rowDescription === "") {
        return problem(["translations", index, "title"], "Enter the name in this language.");
      }
      if (rowTitle.length > MAX_TITLE) {
        return problem(["translations", index, "title"], `Keep the name under ${MAX_TITLE} characters.`);
      }
      if (rowDescription.length > MAX_DESCRIPTION) {
        return problem(
          ["translations", index, "description"],
          `Keep the description under ${MAX_DESCRIPTION} characters.`,
        );
      }
      translations[locale] = {
        ...(rowTitle ? { title: rowTitle } : {}),
        ...(rowDescription ? { description: rowDescription } : {}),
      };
    });

    if (kind === null || costPoints === null) return z.NEVER;
    return {
      kind,
      title,
      description,
      imageUrl,
      translations: JSON.stringify(translations),
      costPoints,
      valueMinor,
      percentOff,
      minimumOrderMinor,
      maxShippingMinor,
      productId,
      variantId,
      maxPoints,
      stockRemaining,
      limitPerCustomer,
      limitPerPeriod,
      limitPeriodDays,
      redeemFrom: redeem.from,
      redeemUntil: redeem.until,
      showFrom: show.from,
      showUntil: show.until,
      minTierId,
      codeExpiryDays,
      combinesWithOrder: isCode && checked("combinesWithOrder"),
      combinesWithProduct: isCode && checked("combinesWithProduct"),
      combinesWithShipping: isCode && checked("combinesWithShipping"),
    };
  });
}

/** The Reward model's writable scalar columns (create and update), as the form gives them. */
export type RewardColumns = z.output<ReturnType<typeof rewardFormSchema>>;

/** One message per field; a translation row's as "translations.0.locale". */
export type RewardFormErrors = Record<string, string>;

export type RewardFormParse = { ok: true; columns: RewardColumns } | { ok: false; errors: RewardFormErrors };

export function parseRewardForm(raw: unknown, currencyCode: string, options: RewardFormOptions = {}): RewardFormParse {
  const parsed = rewardFormSchema(currencyCode, options).safeParse(raw);
  if (parsed.success) return { ok: true, columns: parsed.data };
  const errors: RewardFormErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.join(".") || "form";
    // Only our own checks speak to the merchant; a wrongly shaped body (an object for a field) gets a plain word.
    const message =
      issue.code === z.ZodIssueCode.custom
        ? issue.message
        : path === "form"
          ? "Send the reward's fields."
          : "Enter text here.";
    errors[path] ??= message;
  }
  return { ok: false, errors };
}

/** The form's fields as the form shows them (strings, checkboxes as booleans). */
export type RewardFormValues = {
  [
    K in Exclude<RewardFormField, "translations" | "combinesWithOrder" | "combinesWithProduct" | "combinesWithShipping">
  ]: string;
} & {
  combinesWithOrder: boolean;
  combinesWithProduct: boolean;
  combinesWithShipping: boolean;
  translations: { locale: string; title: string; description: string }[];
};

/** An instant as the shop's wall clock shows it: a date alone at midnight, else date and time. */
const dateText = (date: Date | null, timeZone: string) => {
  if (date === null) return "";
  const wall = wallClockText(date, timeZone);
  return wall.endsWith("T00:00") ? wall.slice(0, 10) : wall;
};

/** A stored reward back into the form's fields, so an edit starts from what is saved. */
export function rewardFormValues(reward: Reward, currencyCode: string, timeZone = "UTC"): RewardFormValues {
  const exponent = currencyExponent(currencyCode);
  const moneyText = (minor: number | null) => (minor === null ? "" : fromMinorUnits(minor, exponent));
  const count = (n: number | null) => (n === null ? "" : String(n));
  const valueMinor = "valueMinor" in reward ? reward.valueMinor : null;
  return {
    kind: reward.kind,
    title: reward.title,
    description: reward.description,
    imageUrl: reward.imageUrl ?? "",
    costPoints: String(reward.costPoints),
    value: reward.kind === "custom" && valueMinor === 0 ? "" : moneyText(valueMinor),
    percentOff: reward.kind === "percent_off" ? String(reward.percentOff) : "",
    minimumOrder: moneyText("minimumOrderMinor" in reward ? reward.minimumOrderMinor : null),
    maxShipping: moneyText(reward.kind === "free_shipping" ? reward.maxShippingMinor : null),
    productId: reward.kind === "free_product" ? reward.productId : "",
    variantId: reward.kind === "free_product" ? (reward.variantId ?? "") : "",
    maxPoints: reward.kind === "points_to_discount" ? String(reward.maxPoints) : "",
    stock: count(reward.stockRemaining),
    limitPerCustomer: count(reward.limits.perCustomer),
    limitPerPeriod: count(reward.limits.perPeriod?.count ?? null),
    limitPeriodDays: count(reward.limits.perPeriod?.days ?? null),
    redeemFrom: dateText(reward.redeemWindow.from, timeZone),
    redeemUntil: dateText(reward.redeemWindow.until, timeZone),
    showFrom: dateText(reward.showWindow.from, timeZone),
    showUntil: dateText(reward.showWindow.until, timeZone),
    minTierId: reward.minTierId ?? "",
    codeExpiryDays: count(reward.codeExpiryDays),
    combinesWithOrder: reward.combines.order,
    combinesWithProduct: reward.combines.product,
    combinesWithShipping: reward.combines.shipping,
    translations: Object.entries(reward.translations).map(([locale, t]) => ({
      locale,
      title: t.title ?? "",
      description: t.description ?? "",
    })),
  };
}
