import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { DEFAULT_SETTINGS, parseSettings, timeZoneChoices, type FieldErrors } from "./settings";

const valid = { pointsPerUnit: "1" };

describe("parseSettings", () => {
  it("accepts the defaults as the settings form would post them", () => {
    expect(parseSettings({ pointsPerUnit: String(DEFAULT_SETTINGS.pointsPerUnit) })).toEqual({
      ok: true,
      value: { pointsPerUnit: DEFAULT_SETTINGS.pointsPerUnit },
    });
  });

  it.each<[string, Record<string, unknown>, object]>([
    ["a number as a number", { pointsPerUnit: 3 }, { pointsPerUnit: 3 }],
    ["the most points per unit", { pointsPerUnit: "1000" }, { pointsPerUnit: 1000 }],
    ["surrounding spaces", { pointsPerUnit: " 7 " }, { pointsPerUnit: 7 }],
  ])("accepts %s", (_label, fields, expected) => {
    const result = parseSettings({ ...valid, ...fields });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, keyof FieldErrors]>([
    ["0 points per unit", { pointsPerUnit: "0" }, "pointsPerUnit"],
    ["negative points per unit", { pointsPerUnit: "-1" }, "pointsPerUnit"],
    ["decimal points per unit", { pointsPerUnit: "1.5" }, "pointsPerUnit"],
    ["empty points per unit", { pointsPerUnit: "" }, "pointsPerUnit"],
    ["text as points per unit", { pointsPerUnit: "ten" }, "pointsPerUnit"],
    ["missing points per unit", { pointsPerUnit: undefined }, "pointsPerUnit"],
    ["too many points per unit", { pointsPerUnit: "1001" }, "pointsPerUnit"],
  ])("refuses %s", (_label, fields, field) => {
    const result = parseSettings({ ...valid, ...fields });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual([field]);
  });

  it("leaves reward fields to the catalogue: a form that still posts them changes nothing about rewards", () => {
    const result = parseSettings({ ...valid, rewardTitle: "$10 off", rewardCostPoints: "800", rewardValue: "10" });
    expect(result).toEqual({ ok: true, value: { pointsPerUnit: 1 } });
  });

  it("accepts exactly the whole point values 1..1000 per unit", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: -2000, max: 2000 }), fc.double({ min: -10, max: 2000, noNaN: true })),
        (n) => {
          const result = parseSettings({ ...valid, pointsPerUnit: String(n) });
          expect(result.ok).toBe(Number.isInteger(n) && n >= 1 && n <= 1000);
        },
      ),
    );
  });
});

describe("parseSettings reports every problem at once", () => {
  it("shows the points error and the time zone's error together", () => {
    const result = parseSettings({ pointsPerUnit: "0", timeZone: "Mars/Olympus_Mons" });
    expect(result).toMatchObject({ ok: false, errors: { pointsPerUnit: "Award at least 1 point per unit spent." } });
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["pointsPerUnit", "timeZone"]);
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
    const result = parseSettings({ ...valid, ...fields });
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
    expect(parseSettings({ ...valid, ...fields })).toEqual({ ok: false, errors: { expiryMonths: message } });
  });

  it("refuses an unknown mode", () => {
    expect(parseSettings({ ...valid, expiryMode: "forever", expiryMonths: "12" })).toEqual({
      ok: false,
      errors: { expiryMode: "Choose when points expire." },
    });
  });

  it("ignores the months when points never expire, even invalid ones, and keeps the shop's", () => {
    for (const expiryMonths of ["", "0", "abc", "999", undefined]) {
      const result = parseSettings({ ...valid, expiryMode: "never", expiryMonths });
      expect(result).toEqual({ ok: true, value: expect.objectContaining({ expiryMode: "never" }) });
      if (result.ok) expect(result.value).not.toHaveProperty("expiryMonths");
    }
  });

  it("keeps the shop's policy when the mode is absent or blank", () => {
    for (const raw of [valid, { ...valid, expiryMode: "" }, { ...valid, expiryMode: null, expiryMonths: "" }]) {
      const result = parseSettings(raw);
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.value).not.toHaveProperty("expiryMode");
        expect(result.value).not.toHaveProperty("expiryMonths");
      }
    }
    // Months sent on their own are checked and kept.
    expect(parseSettings({ ...valid, expiryMonths: "24" })).toMatchObject({
      ok: true,
      value: { expiryMonths: 24 },
    });
  });

  it("reports a months problem together with the other fields' problems", () => {
    const result = parseSettings({
      ...valid,
      pointsPerUnit: "0",
      timeZone: "Nowhere/Else",
      expiryMode: "fixed",
      expiryMonths: "0",
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(["expiryMonths", "pointsPerUnit", "timeZone"]);
  });

  it("accepts exactly the whole months 1..120 when points expire", () => {
    fc.assert(
      fc.property(fc.constantFrom("fixed", "inactivity"), fc.integer({ min: -50, max: 500 }), (mode, n) => {
        const result = parseSettings({ ...valid, expiryMode: mode, expiryMonths: String(n) });
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
    expect(parseSettings({ ...valid, ...fields })).toMatchObject({ ok: true, value: expected });
  });

  it("keeps the shop's zone and switch when the form leaves them out or blank", () => {
    for (const raw of [
      valid,
      { ...valid, timeZone: "", engagementPaused: "" },
      { ...valid, timeZone: null, engagementPaused: null },
    ]) {
      const result = parseSettings(raw);
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(result.value).not.toHaveProperty("timeZone");
        expect(result.value).not.toHaveProperty("engagementPaused");
      }
    }
  });

  it("explains an unknown zone and a switch that is neither on nor off, with the other problems", () => {
    expect(
      parseSettings({ ...valid, pointsPerUnit: "0", timeZone: "Mars/Olympus_Mons", engagementPaused: "maybe" }),
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
    for (const { value } of choices) expect(parseSettings({ ...valid, timeZone: value }).ok).toBe(true);
  });

  it("keeps the shop's zone when the runtime lists it under another name", () => {
    const choices = timeZoneChoices("Etc/GMT+5");
    expect(choices[0]).toEqual({ label: "Etc/GMT+5", value: "Etc/GMT+5" });
    expect(timeZoneChoices("Europe/Paris").filter((c) => c.value === "Europe/Paris")).toHaveLength(1);
  });
});
