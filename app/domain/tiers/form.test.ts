import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tierSchema, type Tier, type TierMetric } from "./definition";
import {
  draftKey,
  emptyTierFields,
  parseProgramForm,
  programFieldsFromEntries,
  programToFields,
  tierFieldName,
  type ProgramFields,
} from "./form";

const tier = (input: Partial<Tier> & { id: string; name: string; position: number; threshold: number }) =>
  tierSchema.parse(input);

function fieldsWith(tiers: ProgramFields["tiers"], metric = "points"): ProgramFields {
  return { metric, period: "lifetime", graceDays: "30", tiers };
}

const named = (name: string, threshold: string, extra: Partial<ProgramFields["tiers"][number]> = {}) => ({
  ...emptyTierFields(),
  name,
  threshold,
  ...extra,
});

describe("parseProgramForm", () => {
  it("reads money thresholds in the shop currency into minor units, and the multiplier into hundredths", () => {
    const result = parseProgramForm(
      fieldsWith(
        [
          named("Bronze", "0"),
          named("Gold", "500.50", {
            multiplier: "1.5",
            freeShipping: "true",
            percentOff: "10",
            textPerks: "Early access\n\n Gift wrap ",
          }),
        ],
        "spend",
      ),
      "USD",
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.edit.settings).toEqual({ metric: "spend", period: "lifetime", graceDays: 30 });
    expect(result.edit.tiers[1]).toMatchObject({
      name: "Gold",
      threshold: 50050,
      multiplierHundredths: 150,
      shopifyPerks: [{ type: "free_shipping" }, { type: "percent_off", percent: 10 }],
      textPerks: ["Early access", "Gift wrap"],
    });
    expect(result.edit.tiers[0]!.id).toBeUndefined();
    // Yen have no decimals.
    expect(parseProgramForm(fieldsWith([named("Gold", "500.5")], "spend"), "JPY")).toEqual({
      ok: false,
      errors: { "tiers.0.threshold": "JPY has no decimals." },
    });
  });

  it("explains each wrong field in plain words, by the field typed in", () => {
    const result = parseProgramForm(
      {
        metric: "spend",
        period: "lifetime",
        graceDays: "-3",
        tiers: [
          named("", "0"),
          named("Silver", "ten", { multiplier: "0.5" }),
          named("Gold", "100", { percentOff: "150", entryRewardPoints: "1.5", paidMonths: "12" }),
        ],
      },
      "USD",
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        graceDays: "Enter a whole number of days from 0 to 365.",
        "tiers.0.name": "Give the tier a name, for example Gold.",
        "tiers.1.threshold": "Enter an amount in USD, for example 500.00.",
        "tiers.1.multiplier": "Enter a multiplier from 1 to 10, for example 1.5 (at most two decimals).",
        "tiers.2.percentOff": "Enter a whole percentage from 1 to 100, or leave it empty for none.",
        "tiers.2.entryRewardPoints": "Enter a whole number of points, or 0 for none.",
        "tiers.2.paidMonths": "A duration needs a product that sells the tier.",
      },
    });
  });

  it("names a threshold that does not climb against the tier below it, in money", () => {
    const result = parseProgramForm(
      fieldsWith([named("Silver", "200"), named("Staff", "", { hidden: "true" }), named("Gold", "150")], "spend"),
      "USD",
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        "tiers.2.threshold": "Must be more than Silver’s $200.00: each tier needs more than the one below it.",
      },
    });
  });

  it("refuses two tiers of one name, and a hidden tier that is sold", () => {
    const result = parseProgramForm(
      fieldsWith([
        named("Gold", "0"),
        named("gold", "10"),
        named("Staff", "0", { hidden: "true", paidProductId: "12" }),
      ]),
      "USD",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(["tiers.1.name", "tiers.2.hidden"]);
  });
});

describe("programToFields and back", () => {
  const perk = fc.oneof(
    fc.constant([] as Tier["shopifyPerks"]),
    fc.constant<Tier["shopifyPerks"]>([{ type: "free_shipping" }]),
    fc.integer({ min: 1, max: 100 }).map((percent) => [{ type: "percent_off" as const, percent }]),
  );
  const tiers = fc
    .array(
      fc.record({
        hidden: fc.boolean(),
        step: fc.integer({ min: 1, max: 1_000_000 }),
        multiplierHundredths: fc.integer({ min: 100, max: 1000 }),
        multiplyEngagement: fc.boolean(),
        entryRewardPoints: fc.integer({ min: 0, max: 1_000_000 }),
        birthdayBonusPoints: fc.integer({ min: 0, max: 1_000_000 }),
        shopifyPerks: perk,
        textPerks: fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,20}[A-Za-z]$/), { maxLength: 3 }),
        paidProductId: fc.option(fc.stringMatching(/^[1-9]\d{0,10}$/), { nil: null }),
        paidMonths: fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
      }),
      { maxLength: 6 },
    )
    .map((rows) => {
      let threshold = 0;
      return rows.map((row, position) => {
        const { step, ...rest } = row;
        threshold = row.hidden ? threshold : threshold + (position === 0 ? 0 : step);
        const sold = !row.hidden && row.paidProductId !== null;
        return tier({
          ...rest,
          id: `tier-${position}`,
          name: `Tier ${position}`,
          position,
          threshold: row.hidden ? 0 : threshold,
          paidProductId: sold ? row.paidProductId : null,
          paidMonths: sold ? row.paidMonths : null,
        });
      });
    });

  it("the form gives back the programme it showed, in every metric and currency", () => {
    fc.assert(
      fc.property(
        tiers,
        fc.constantFrom<TierMetric>("points", "spend", "orders"),
        fc.constantFrom("USD", "JPY", "KWD"),
        (list, metric, currencyCode) => {
          const fields = programToFields({ metric, period: "calendar_year", graceDays: 14, tiers: list }, currencyCode);
          const result = parseProgramForm(fields, currencyCode);
          expect(result).toEqual({
            ok: true,
            edit: {
              settings: { metric, period: "calendar_year", graceDays: 14 },
              tiers: list.map(({ position: _position, ...rest }) => rest),
            },
          });
        },
      ),
    );
  });

  it("posted as hidden inputs, the fields read back as they were", () => {
    fc.assert(
      fc.property(tiers, (list) => {
        const fields = programToFields({ metric: "spend", period: "lifetime", graceDays: 0, tiers: list }, "USD");
        const entries: [string, string][] = [
          ["metric", fields.metric],
          ["period", fields.period],
          ["graceDays", fields.graceDays],
          ...fields.tiers.flatMap((t, i) =>
            Object.entries(t).map(([name, value]) => [tierFieldName(i, name as never), value] as [string, string]),
          ),
        ];
        expect(draftKey(programFieldsFromEntries(entries))).toBe(draftKey(fields));
      }),
    );
  });
});
