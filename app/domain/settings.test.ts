import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { DEFAULT_SETTINGS, parseSettings, timeZoneChoices, type FieldErrors } from "./settings";
import { currencyExponent, fromMinorUnits } from "./money";

const valid = { pointsPerUnit: "1", rewardTitle: "$5 off", rewardCostPoints: "500", rewardValue: "5.00" };

describe("parseSettings", () => {
  it("accepts the defaults as the settings form would post them", () => {
    const raw = {
      pointsPerUnit: String(DEFAULT_SETTINGS.pointsPerUnit),
      rewardTitle: DEFAULT_SETTINGS.rewardTitle,
      rewardCostPoints: String(DEFAULT_SETTINGS.rewardCostPoints),
      rewardValue: fromMinorUnits(DEFAULT_SETTINGS.rewardValueMinor, currencyExponent("USD")),
    };
    expect(parseSettings(raw, "USD")).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS } });
  });

  it.each<[string, Record<string, unknown>, string, object]>([
    ["USD with cents", { rewardValue: "5.50" }, "USD", { rewardValueMinor: 550 }],
    ["USD with one decimal", { rewardValue: "5.5" }, "USD", { rewardValueMinor: 550 }],
    ["USD whole amount", { rewardValue: "5" }, "USD", { rewardValueMinor: 500 }],
    ["JPY whole amount", { rewardValue: "500" }, "JPY", { rewardValueMinor: 500 }],
    ["KWD with three decimals", { rewardValue: "1.234" }, "KWD", { rewardValueMinor: 1234 }],
    ["the largest amount", { rewardValue: "100000.00" }, "USD", { rewardValueMinor: 10_000_000 }],
    ["smallest amount", { rewardValue: "0.01" }, "USD", { rewardValueMinor: 1 }],
    [
      "numbers as numbers",
      { pointsPerUnit: 3, rewardCostPoints: 750 },
      "USD",
      { pointsPerUnit: 3, rewardCostPoints: 750 },
    ],
    [
      "bounds of points",
      { pointsPerUnit: "1000", rewardCostPoints: "10000000" },
      "USD",
      { pointsPerUnit: 1000, rewardCostPoints: 10_000_000 },
    ],
    [
      "title and value trimmed",
      { rewardTitle: "  Free tote  ", rewardValue: " 5 " },
      "USD",
      { rewardTitle: "Free tote", rewardValueMinor: 500 },
    ],
    ["80-character title", { rewardTitle: "x".repeat(80) }, "USD", { rewardTitle: "x".repeat(80) }],
  ])("accepts %s", (_label, fields, currency, expected) => {
    const result = parseSettings({ ...valid, ...fields }, currency);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, string, keyof FieldErrors]>([
    ["0 points per unit", { pointsPerUnit: "0" }, "USD", "pointsPerUnit"],
    ["negative points per unit", { pointsPerUnit: "-1" }, "USD", "pointsPerUnit"],
    ["decimal points per unit", { pointsPerUnit: "1.5" }, "USD", "pointsPerUnit"],
    ["empty points per unit", { pointsPerUnit: "" }, "USD", "pointsPerUnit"],
    ["text as points per unit", { pointsPerUnit: "ten" }, "USD", "pointsPerUnit"],
    ["missing points per unit", { pointsPerUnit: undefined }, "USD", "pointsPerUnit"],
    ["too many points per unit", { pointsPerUnit: "1001" }, "USD", "pointsPerUnit"],
    ["a reward costing 0 points", { rewardCostPoints: "0" }, "USD", "rewardCostPoints"],
    ["a negative cost", { rewardCostPoints: "-500" }, "USD", "rewardCostPoints"],
    ["a decimal cost", { rewardCostPoints: "2.5" }, "USD", "rewardCostPoints"],
    ["a cost above 10,000,000", { rewardCostPoints: "10000001" }, "USD", "rewardCostPoints"],
    ["an empty title", { rewardTitle: "" }, "USD", "rewardTitle"],
    ["a blank title", { rewardTitle: "   " }, "USD", "rewardTitle"],
    ["a missing title", { rewardTitle: undefined }, "USD", "rewardTitle"],
    ["an 81-character title", { rewardTitle: "x".repeat(81) }, "USD", "rewardTitle"],
    ["an empty value", { rewardValue: "" }, "USD", "rewardValue"],
    ["a zero value", { rewardValue: "0" }, "USD", "rewardValue"],
    ["a zero value with decimals", { rewardValue: "0.00" }, "USD", "rewardValue"],
    ["a negative value", { rewardValue: "-5" }, "USD", "rewardValue"],
    ["a value with a thousands separator", { rewardValue: "1,000" }, "USD", "rewardValue"],
    ["a value with a currency sign", { rewardValue: "$5" }, "USD", "rewardValue"],
    ["a numeric value (form fields are strings)", { rewardValue: 5 }, "USD", "rewardValue"],
    ["3 decimals in USD", { rewardValue: "5.001" }, "USD", "rewardValue"],
    ["3 decimals in USD even when zero", { rewardValue: "5.000" }, "USD", "rewardValue"],
    ["any decimals in JPY", { rewardValue: "500.5" }, "JPY", "rewardValue"],
    ["zero decimals written out in JPY", { rewardValue: "500.0" }, "JPY", "rewardValue"],
    ["4 decimals in KWD", { rewardValue: "1.2345" }, "KWD", "rewardValue"],
    ["more than 100,000 in USD", { rewardValue: "100000.01" }, "USD", "rewardValue"],
    ["more than 100,000 in JPY", { rewardValue: "100001" }, "JPY", "rewardValue"],
  ])("refuses %s", (_label, fields, currency, field) => {
    const result = parseSettings({ ...valid, ...fields }, currency);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors)).toEqual([field]);
      expect(result.errors[field]).toEqual(expect.any(String));
    }
  });

  it("explains the decimals allowed by the currency", () => {
    expect(parseSettings({ ...valid, rewardValue: "5.001" }, "USD")).toEqual({
      ok: false,
      errors: { rewardValue: "Use at most 2 decimals." },
    });
    expect(parseSettings({ ...valid, rewardValue: "5.5" }, "JPY")).toEqual({
      ok: false,
      errors: { rewardValue: "Enter a whole amount." },
    });
  });

  it("reports every invalid field at once, one message each", () => {
    const result = parseSettings(
      { pointsPerUnit: "0", rewardTitle: " ", rewardCostPoints: "x", rewardValue: "-1" },
      "USD",
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual([
        "pointsPerUnit",
        "rewardCostPoints",
        "rewardTitle",
        "rewardValue",
      ]);
    }
  });

  // Regression: a too-large amount was once reported as a decimals problem.
  it("refuses a huge whole amount with the maximum-amount message, not a decimals message", () => {
    const huge = "99999999999999999999";
    expect({
      USD: parseSettings({ ...valid, rewardValue: huge }, "USD"),
      JPY: parseSettings({ ...valid, rewardValue: huge }, "JPY"),
    }).toEqual({
      USD: { ok: false, errors: { rewardValue: "At most 100,000." } },
      JPY: { ok: false, errors: { rewardValue: "At most 100,000." } },
    });
  });

  const currency = fc.constantFrom("USD", "EUR", "JPY", "KWD");

  it("accepts every amount from one minor unit to 100,000 written with the currency's decimals", () => {
    fc.assert(
      fc.property(currency, fc.integer({ min: 1, max: 100_000_000 }), (code, n) => {
        const e = currencyExponent(code);
        const minor = Math.min(n, 100_000 * 10 ** e);
        const result = parseSettings({ ...valid, rewardValue: fromMinorUnits(minor, e) }, code);
        expect(result).toMatchObject({ ok: true, value: { rewardValueMinor: minor } });
      }),
    );
  });

  it("refuses any amount with more decimals than the currency allows", () => {
    fc.assert(
      fc.property(
        currency,
        fc.integer({ min: 0, max: 99_999 }),
        fc.stringMatching(/^[0-9]{1,4}$/),
        (code, whole, extra) => {
          const e = currencyExponent(code);
          const fraction = "0".repeat(e) + extra; // always more than e decimals
          const result = parseSettings({ ...valid, rewardValue: `${whole}.${fraction}` }, code);
          expect(result.ok).toBe(false);
          if (!result.ok) expect(Object.keys(result.errors)).toEqual(["rewardValue"]);
        },
      ),
    );
  });

  it("accepts exactly the whole point values 1..1000 per unit", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -2000, max: 2000 }), fc.double({ min: -10, max: 2000, noNaN: true })),
        (n) => {
          const result = parseSettings({ ...valid, pointsPerUnit: String(n) }, "USD");
          expect(result.ok).toBe(Number.isInteger(n) && n >= 1 && n <= 1000);
        },
      ),
    );
  });
});

describe("parseSettings reports every problem at once", () => {
  it("shows the points error and the value's decimals error together", () => {
    const result = parseSettings(
      { pointsPerUnit: "0", rewardTitle: "Reward", rewardCostPoints: "100", rewardValue: "5.123" },
      "USD",
    );
    expect(result).toEqual({
      ok: false,
      errors: { pointsPerUnit: "Award at least 1 point per unit spent.", rewardValue: "Use at most 2 decimals." },
    });
  });
});

describe("parseSettings: points expiry", () => {
  it.each<[string, Record<string, unknown>, object]>([
    ["fixed, 12 months", { expiryMode: "fixed", expiryMonths: "12" }, { expiryMode: "fixed", expiryMonths: 12 }],
    [
      "inactivity, 6 months",
      { expiryMode: "inactivity", expiryMonths: " 6 " },
      { expiryMode: "inactivity", expiryMonths: 6 },
    ],
    ["the bounds, 1 and 120 months", { expiryMode: "fixed", expiryMonths: "1" }, { expiryMonths: 1 }],
    ["120 months", { expiryMode: "inactivity", expiryMonths: 120 }, { expiryMonths: 120 }],
    ["never", { expiryMode: "never" }, { expiryMode: "never" }],
  ])("accepts %s", (_label, fields, expected) => {
    const result = parseSettings({ ...valid, ...fields }, "USD");
    expect(result).toMatchObject({ ok: true, value: expected });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ["no months with fixed", { expiryMode: "fixed" }, "Enter how many months points last, from 1 to 120."],
    [
      "blank months with inactivity",
      { expiryMode: "inactivity", expiryMonths: "  " },
      "Enter how many months points last, from 1 to 120.",
    ],
    ["0 months", { expiryMode: "fixed", expiryMonths: "0" }, "Points must last at least 1 month."],
    ["121 months", { expiryMode: "fixed", expiryMonths: "121" }, "At most 120 months (10 years)."],
    ["a decimal", { expiryMode: "inactivity", expiryMonths: "1.5" }, "Enter a whole number of months, such as 12."],
    ["a negative number", { expiryMode: "fixed", expiryMonths: "-3" }, "Enter a whole number of months, such as 12."],
    ["text", { expiryMode: "fixed", expiryMonths: "a year" }, "Enter a whole number of months, such as 12."],
    ["bad months without a mode", { expiryMonths: "0" }, "Points must last at least 1 month."],
  ])("refuses %s", (_label, fields, message) => {
    expect(parseSettings({ ...valid, ...fields }, "USD")).toEqual({ ok: false, errors: { expiryMonths: message } });
  });

  it("refuses an unknown mode", () => {
    expect(parseSettings({ ...valid, expiryMode: "forever", expiryMonths: "12" }, "USD")).toEqual({
      ok: false,
      errors: { expiryMode: "Choose when points expire." },
    });
  });

  it("ignores the months when points never expire, even invalid ones, and keeps the shop's", () => {
    for (const expiryMonths of ["", "0", "abc", "999", undefined]) {
      const result = parseSettings({ ...valid, expiryMode: "never", expiryMonths }, "USD");
      expect(result).toEqual({ ok: true, value: expect.objectContaining({ expiryMode: "never" }) });
      if (result.ok) expect(result.value).not.toHaveProperty("expiryMonths");
    }
  });

  it("keeps the shop's policy when the mode is absent or blank", () => {
    for (const raw of [valid, { ...valid, expiryMode: "" }, { ...valid, expiryMode: null, expiryMonths: "" }]) {
      const result = parseSettings(raw, "USD");
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.value).not.toHaveProperty("expiryMode");
        expect(result.value).not.toHaveProperty("expiryMonths");
      }
    }
    // Months sent on their own are checked and kept.
    expect(parseSettings({ ...valid, expiryMonths: "24" }, "USD")).toMatchObject({
      ok: true,
      value: { expiryMonths: 24 },
    });
  });

  it("reports a months problem together with the other fields' problems", () => {
    const result = parseSettings(
      { ...valid, pointsPerUnit: "0", rewardValue: "", expiryMode: "fixed", expiryMonths: "0" },
      "USD",
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["expiryMonths", "pointsPerUnit", "rewardValue"]);
  });

  it("accepts exactly the whole months 1..120 when points expire", () => {
    fc.assert(
      fc.property(fc.constantFrom("fixed", "inactivity"), fc.integer({ min: -50, max: 500 }), (mode, n) => {
        const result = parseSettings({ ...valid, expiryMode: mode, expiryMonths: String(n) }, "USD");
        expect(result.ok).toBe(n >= 1 && n <= 120);
      }),
    );
  });
});

describe("parseSettings: time zone and the engagement kill switch", () => {
  it.each<[string, Record<string, unknown>, object]>([
    ["a time zone", { timeZone: "America/Los_Angeles" }, { timeZone: "America/Los_Angeles" }],
    ["UTC", { timeZone: " UTC " }, { timeZone: "UTC" }],
    ["the switch on", { engagementPaused: "true" }, { engagementPaused: true }],
    ["the switch off", { engagementPaused: "false" }, { engagementPaused: false }],
    ["a browser checkbox", { engagementPaused: "on" }, { engagementPaused: true }],
    ["booleans from an API client", { engagementPaused: false }, { engagementPaused: false }],
  ])("accepts %s", (_label, fields, expected) => {
    expect(parseSettings({ ...valid, ...fields }, "USD")).toMatchObject({ ok: true, value: expected });
  });

  it("keeps the shop's zone and switch when the form leaves them out or blank", () => {
    for (const raw of [
      valid,
      { ...valid, timeZone: "", engagementPaused: "" },
      { ...valid, timeZone: null, engagementPaused: null },
    ]) {
      const result = parseSettings(raw, "USD");
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.value).not.toHaveProperty("timeZone");
        expect(result.value).not.toHaveProperty("engagementPaused");
      }
    }
  });

  it("explains an unknown zone and a switch that is neither on nor off, with the other problems", () => {
    expect(
      parseSettings({ ...valid, pointsPerUnit: "0", timeZone: "Mars/Olympus_Mons", engagementPaused: "maybe" }, "USD"),
    ).toEqual({
      ok: false,
      errors: {
        pointsPerUnit: "Award at least 1 point per unit spent.",
        timeZone: "Choose your shop’s time zone from the list.",
        engagementPaused: "Choose whether engagement rules are paused.",
      },
    });
  });
});

describe("timeZoneChoices", () => {
  it("offers UTC first, then the runtime's zones, each once, all valid", () => {
    const choices = timeZoneChoices("UTC");
    expect(choices[0]).toEqual({ label: "UTC", value: "UTC" });
    expect(choices).toContainEqual({ label: "America/Los Angeles", value: "America/Los_Angeles" });
    expect(new Set(choices.map((c) => c.value)).size).toBe(choices.length);
    for (const { value } of choices) expect(parseSettings({ ...valid, timeZone: value }, "USD").ok).toBe(true);
  });

  it("keeps the shop's zone when the runtime lists it under another name", () => {
    const choices = timeZoneChoices("Etc/GMT+5");
    expect(choices[0]).toEqual({ label: "Etc/GMT+5", value: "Etc/GMT+5" });
    expect(timeZoneChoices("Europe/Paris").filter((c) => c.value === "Europe/Paris")).toHaveLength(1);
  });
});
