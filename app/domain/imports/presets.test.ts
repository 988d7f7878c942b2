import { describe, expect, it } from "vitest";
import { cellsOf, IMPORT_PRESETS, readHeader } from "./presets";

describe("reading a file's header with a preset", () => {
  it.each([
    ["smile", ["email", "points"], { email: 0, points: 1 }],
    [
      "loyaltylion",
      ["merchant_id", "email", "points", "tier", "birthday"],
      { customerId: 0, email: 1, points: 2, tierName: 3, birthday: 4 },
    ],
    [
      "yotpo",
      ["First Name", "Last Name", "Email", "Points Balance", "Points Spent", "Birthday (MM/DD)"],
      { email: 2, points: 3, birthday: 5 },
    ],
    ["generic", ["customer_id", "points", "referral_code"], { customerId: 0, points: 1, referralCode: 2 }],
  ] as const)(
    "%s: finds each field's column, whatever its case, and ignores the others",
    (preset, headers, columns) => {
      expect(readHeader(preset, headers)).toEqual({ ok: true, columns });
    },
  );

  it("reads a header with a byte-order mark and stray spaces", () => {
    expect(readHeader("smile", ["\uFEFFEmail ", " Points"])).toEqual({ ok: true, columns: { email: 0, points: 1 } });
  });

  it("refuses a file without points, naming the columns it looked for", () => {
    const reading = readHeader("yotpo", ["Email", "Points Spent"]);
    expect(reading).toEqual({ ok: false, message: expect.stringContaining('"points balance"') });
  });

  it.each(IMPORT_PRESETS)("%s: refuses a file with neither a customer id nor an e-mail", (preset) => {
    const pointsHeader = preset === "yotpo" ? "points balance" : "points";
    const reading = readHeader(preset, ["name", pointsHeader]);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.message).toMatch(/No customer column/);
  });

  it("a Smile points file is not a Yotpo file: the points column differs", () => {
    expect(readHeader("yotpo", ["email", "points"]).ok).toBe(false);
  });
});

describe("a data row's cells", () => {
  it("takes each mapped column trimmed and leaves out empty cells", () => {
    expect(cellsOf({ email: 0, points: 1, tierName: 2 }, [" a@b.co ", "12", ""])).toEqual({
      email: "a@b.co",
      points: "12",
    });
  });

  it("a short row has no cells for the columns it lacks", () => {
    expect(cellsOf({ email: 0, points: 3 }, ["a@b.co"])).toEqual({ email: "a@b.co" });
  });
});
