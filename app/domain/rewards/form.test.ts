import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromMinorUnits } from "../money";
import { CODE_KINDS, readRewardRow, REWARD_KINDS, type RewardKind } from "./catalogue";
import { parseRewardForm, rewardFormSchema, rewardFormValues, type RewardColumns, type RewardFormInput } from "./form";

const base = (kind: RewardKind, fields: RewardFormInput = {}): RewardFormInput => ({
  kind,
  title: "A reward",
  costPoints: "500",
  ...fields,
});

const columnsOf = (input: RewardFormInput, currency = "USD"): RewardColumns => {
  const parsed = parseRewardForm(input, currency);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.columns;
};
const errorsOf = (input: unknown, currency = "USD", tierIds?: string[]) => {
  const parsed = parseRewardForm(input, currency, tierIds ? { tierIds } : {});
  return parsed.ok ? {} : parsed.errors;
};

describe("rewardFormSchema", () => {
  it("parses an amount_off reward's money in shop currency, other kinds' columns null", () => {
    const columns = columnsOf(
      base("amount_off", { value: "5.00", minimumOrder: "25", combinesWithShipping: "on", percentOff: "20" }),
    );
    expect(columns).toMatchObject({
      kind: "amount_off",
      valueMinor: 500,
      minimumOrderMinor: 2500,
      percentOff: null,
      maxShippingMinor: null,
      productId: null,
      maxPoints: null,
      combinesWithOrder: false,
      combinesWithProduct: false,
      combinesWithShipping: true,
      translations: "{}",
    });
  });

  it("reads money in the currency's own decimals", () => {
    expect(columnsOf(base("store_credit", { value: "1000" }), "JPY").valueMinor).toBe(1000);
    expect(errorsOf(base("store_credit", { value: "10.5" }), "JPY").value).toBe("Enter a whole amount.");
    expect(columnsOf(base("store_credit", { value: "1.234" }), "KWD").valueMinor).toBe(1234);
    expect(errorsOf(base("store_credit", { value: "1.234" })).value).toBe("Use at most 2 decimals.");
  });

  it("asks for each kind's own fields", () => {
    expect(errorsOf(base("amount_off")).value).toBe("Enter the amount off.");
    expect(errorsOf(base("percent_off")).percentOff).toBe("Enter the percentage off, 1 to 100.");
    expect(errorsOf(base("percent_off", { percentOff: "101" })).percentOff).toBe("At most 100.");
    expect(errorsOf(base("free_product", { value: "4.50" })).productId).toBe("Choose the product the reward gives.");
    expect(errorsOf(base("points_to_discount", { value: "1" })).maxPoints).toBe(
      "Enter the most points one redemption may spend.",
    );
    expect(errorsOf(base("points_to_discount", { value: "1", costPoints: "100", maxPoints: "250" })).maxPoints).toBe(
      "Enter a multiple of the step, 100 points.",
    );
    expect(errorsOf(base("store_credit", { value: "0" })).value).toBe("Enter an amount more than zero.");
    expect(errorsOf({}).kind).toBe("Choose the kind of reward.");
    expect(errorsOf({ kind: "free_lunch" }).kind).toBe("Choose the kind of reward.");
  });

  it("needs nothing more for free shipping and custom rewards", () => {
    expect(columnsOf(base("free_shipping"))).toMatchObject({ maxShippingMinor: null, valueMinor: 0 });
    expect(columnsOf(base("free_shipping", { maxShipping: "15" })).maxShippingMinor).toBe(1500);
    expect(columnsOf(base("custom"))).toMatchObject({
      valueMinor: 0,
      codeExpiryDays: null,
      combinesWithProduct: false,
    });
    expect(columnsOf(base("custom", { value: "12.00", codeExpiryDays: "30" }))).toMatchObject({
      valueMinor: 1200,
      codeExpiryDays: null,
    });
  });

  it("takes a resource picker's gid as Shopify's numeric id", () => {
    const columns = columnsOf(
      base("free_product", {
        value: "4.50",
        productId: "gid://shopify/Product/123",
        variantId: "gid://shopify/ProductVariant/456",
      }),
    );
    expect(columns).toMatchObject({ productId: "123", variantId: "456", valueMinor: 450 });
    expect(errorsOf(base("free_product", { value: "1", productId: "gid://shopify/Collection/1" })).productId).toBe(
      "Enter the product's numeric id.",
    );
  });

  it("bounds every number so nothing can overflow", () => {
    const errors = errorsOf(
      base("amount_off", {
        costPoints: "10000001",
        value: "100000.01",
        stock: "99999999999",
        limitPeriodDays: "4000",
        limitPerPeriod: "1",
      }),
    );
    expect(errors).toEqual({
      costPoints: "At most 10,000,000.",
      value: "At most 100,000.",
      stock: "Enter a whole number of items.",
      limitPeriodDays: "At most 3,650.",
    });
    expect(errorsOf(base("amount_off", { costPoints: "0", value: "1" })).costPoints).toBe("At least 1.");
    expect(errorsOf(base("amount_off", { costPoints: "1e3", value: "1" })).costPoints).toBe(
      "Enter a whole number of points.",
    );
  });

  it("reports every problem at once, one message per field", () => {
    expect(
      errorsOf({
        kind: "percent_off",
        title: " ",
        costPoints: "x",
        imageUrl: "javascript:alert(1)",
        limitPerPeriod: "2",
      }),
    ).toEqual({
      title: "Give the reward a name.",
      costPoints: "Enter a whole number of points.",
      imageUrl: "Enter the image's web address, starting with https://.",
      percentOff: "Enter the percentage off, 1 to 100.",
      limitPeriodDays: "Enter both how many and in how many days, or neither.",
    });
  });

  it("reads dates in UTC and wants an end after the start", () => {
    const columns = columnsOf(
      base("amount_off", { value: "5", redeemFrom: "2026-03-01", redeemUntil: "2026-03-31T18:30" }),
    );
    expect(columns.redeemFrom).toEqual(new Date("2026-03-01T00:00:00Z"));
    expect(columns.redeemUntil).toEqual(new Date("2026-03-31T18:30:00Z"));
    expect(columnsOf(base("amount_off", { value: "5", showFrom: "2026-03-01T10:00:00+02:00" })).showFrom).toEqual(
      new Date("2026-03-01T08:00:00Z"),
    );
    expect(errorsOf(base("amount_off", { value: "5", showFrom: "2026-02-30" })).showFrom).toMatch(/^Enter a date/);
    expect(
      errorsOf(base("amount_off", { value: "5", showFrom: "2026-03-02", showUntil: "2026-03-01" })).showUntil,
    ).toBe("The end must come after the start.");
  });

  it("reads dates as the shop's wall clock when given its time zone, and writes them back so", () => {
    const paris = (input: RewardFormInput) => {
      const parsed = parseRewardForm(input, "EUR", { timeZone: "Europe/Paris" });
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      return parsed.columns;
    };
    const columns = paris(
      base("amount_off", { value: "5", redeemFrom: "2026-03-01", redeemUntil: "2026-07-01T09:30" }),
    );
    // Midnight in Paris in winter (UTC+1), half past nine in summer (UTC+2).
    expect(columns.redeemFrom).toEqual(new Date("2026-02-28T23:00:00Z"));
    expect(columns.redeemUntil).toEqual(new Date("2026-07-01T07:30:00Z"));
    const values = rewardFormValues(
      readRewardRow({ ...columns, id: "r1", position: 0, active: true }),
      "EUR",
      "Europe/Paris",
    );
    expect([values.redeemFrom, values.redeemUntil]).toEqual(["2026-03-01", "2026-07-01T09:30"]);
    // An explicit offset is taken as written, whatever the shop's zone.
    expect(paris(base("amount_off", { value: "5", showFrom: "2026-03-01T10:00:00+02:00" })).showFrom).toEqual(
      new Date("2026-03-01T08:00:00Z"),
    );
  });

  it("checks the minimum tier against the shop's tiers when given", () => {
    expect(errorsOf(base("custom", { minTierId: "gold" }), "USD", ["silver"]).minTierId).toBe(
      "Choose a tier from the list.",
    );
    expect(columnsOf(base("custom", { minTierId: "gold" })).minTierId).toBe("gold");
  });

  it("keeps translations by locale, skipping empty rows", () => {
    const columns = columnsOf(
      base("custom", {
        translations: [
          { locale: "fr", title: "Atelier", description: "" },
          { locale: "", title: "", description: "" },
          { locale: "pt-BR", title: "", description: "Uma aula" },
        ],
      }),
    );
    expect(JSON.parse(columns.translations)).toEqual({
      fr: { title: "Atelier" },
      "pt-BR": { description: "Uma aula" },
    });
    expect(
      errorsOf(
        base("custom", {
          translations: [
            { locale: "fr", title: "A" },
            { locale: "FR", title: "B" },
            { locale: "french!", title: "C" },
            { locale: "de", title: "" },
          ],
        }),
      ),
    ).toEqual({
      "translations.1.locale": "This language is already translated above.",
      "translations.2.locale": "Enter a language code such as fr or pt-BR.",
      "translations.3.title": "Enter the name in this language.",
    });
  });

  it("answers a wrongly shaped body with a field error, never a throw", () => {
    expect(errorsOf({ kind: "custom", title: "T", costPoints: "1", stock: { nested: true } }).stock).toBe(
      "Enter text here.",
    );
    expect(errorsOf(null)).toEqual({ form: "Send the reward's fields." });
  });
});

const CURRENCIES = { USD: 2, JPY: 0, KWD: 3 } as const;
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const minute = fc
  .integer({ min: Date.UTC(2024, 0, 1) / 60_000, max: Date.UTC(2030, 0, 1) / 60_000 })
  .map((m) => new Date(m * 60_000).toISOString().slice(0, 16));

const formArb = (exponent: number): fc.Arbitrary<RewardFormInput> => {
  const money = fc.integer({ min: 1, max: 100_000 * 10 ** exponent }).map((minor) => fromMinorUnits(minor, exponent));
  return fc
    .record({
      kind: fc.constantFrom(...REWARD_KINDS),
      title: fc.string({ minLength: 1, maxLength: 80 }).filter((t) => t.trim() === t && t !== ""),
      description: fc.string({ maxLength: 500 }).filter((t) => t.trim() === t),
      imageUrl: optional(fc.constantFrom("https://cdn.example.com/a.png", "http://localhost:3000/tote.jpg")),
      step: fc.integer({ min: 1, max: 100_000 }),
      steps: fc.integer({ min: 1, max: 100 }),
      value: money,
      percentOff: fc.integer({ min: 1, max: 100 }),
      minimumOrder: optional(money),
      maxShipping: optional(money),
      variantId: optional(fc.integer({ min: 1 }).map(String)),
      stock: optional(fc.integer({ min: 0, max: 10_000_000 }).map(String)),
      limitPerCustomer: optional(fc.integer({ min: 1, max: 100 }).map(String)),
      period: optional(fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 3650 }))),
      redeem: fc.tuple(optional(minute), optional(minute)),
      minTierId: optional(fc.constantFrom("silver", "gold")),
      codeExpiryDays: optional(fc.integer({ min: 1, max: 3650 }).map(String)),
      combines: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
      french: optional(fc.string({ minLength: 1, maxLength: 80 }).filter((t) => t.trim() === t && t !== "")),
    })
    .map((f) => {
      const [from, until] = f.redeem.slice().sort();
      return {
        kind: f.kind,
        title: f.title,
        description: f.description,
        imageUrl: f.imageUrl,
        costPoints: String(f.step),
        value: f.value,
        percentOff: String(f.percentOff),
        minimumOrder: f.minimumOrder,
        maxShipping: f.maxShipping,
        productId: "987",
        variantId: f.variantId,
        maxPoints: String(f.step * f.steps),
        stock: f.stock,
        limitPerCustomer: f.limitPerCustomer,
        limitPerPeriod: f.period ? String(f.period[0]) : undefined,
        limitPeriodDays: f.period ? String(f.period[1]) : undefined,
        redeemFrom: from,
        redeemUntil: until !== undefined && until !== from ? until : undefined,
        minTierId: f.minTierId,
        codeExpiryDays: f.codeExpiryDays,
        combinesWithOrder: f.combines[0],
        combinesWithProduct: f.combines[1],
        combinesWithShipping: f.combines[2],
        translations: f.french ? [{ locale: "fr", title: f.french, description: "" }] : [],
      };
    });
};

describe("form round trip", () => {
  it("form → columns → stored reward → form → the same columns", () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...(Object.keys(CURRENCIES) as (keyof typeof CURRENCIES)[]))
          .chain((currency) => fc.tuple(fc.constant(currency), formArb(CURRENCIES[currency]))),
        fc.constantFrom("UTC", "Europe/Paris", "Asia/Kolkata", "America/Santiago", "Pacific/Chatham"),
        ([currency, form], timeZone) => {
          const first = rewardFormSchema(currency, { timeZone }).safeParse(form);
          expect(first.success).toBe(true);
          if (!first.success) return;
          const reward = readRewardRow({ ...first.data, id: "r1", position: 0, active: true });
          const values = rewardFormValues(reward, currency, timeZone);
          const second = rewardFormSchema(currency, { timeZone }).safeParse(values);
          expect(second.success && second.data).toEqual(first.data);
        },
      ),
    );
  });

  it("every valid form is accepted in a two-decimal currency and keeps only its kind's columns", () => {
    fc.assert(
      fc.property(formArb(2), (form) => {
        const parsed = rewardFormSchema("USD").safeParse(form);
        expect(parsed.success).toBe(true);
        if (!parsed.success) return;
        const c = parsed.data;
        if (c.kind !== "percent_off") expect(c.percentOff).toBeNull();
        if (c.kind !== "free_shipping") expect(c.maxShippingMinor).toBeNull();
        if (c.kind !== "free_product") expect([c.productId, c.variantId]).toEqual([null, null]);
        if (c.kind !== "points_to_discount") expect(c.maxPoints).toBeNull();
        if (!CODE_KINDS.includes(c.kind)) {
          expect([c.codeExpiryDays, c.combinesWithOrder, c.combinesWithProduct, c.combinesWithShipping]).toEqual([
            null,
            false,
            false,
            false,
          ]);
        }
        expect(Number.isSafeInteger(c.valueMinor) && c.valueMinor <= 10_000_000).toBe(true);
      }),
    );
  });
});
