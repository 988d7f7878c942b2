import { describe, expect, it } from "vitest";
import { birthdayOf, MAX_IMPORTED_POINTS, readImportRow } from "./row";

describe("validating an import row", () => {
  it("keeps a row with an e-mail and points, the e-mail lower-cased", () => {
    expect(readImportRow({ email: "Grace@Example.COM", points: "450" })).toEqual({
      ok: true,
      row: { email: "grace@example.com", points: 450 },
    });
  });

  it.each([
    ["7001", "7001"],
    ["gid://shopify/Customer/7002", "7002"],
  ])("reads the customer id %s as %s", (raw, id) => {
    const reading = readImportRow({ customerId: raw, points: "1" });
    expect(reading).toEqual({ ok: true, row: { customerId: id, points: 1 } });
  });

  it.each([
    [{ customerId: "abc", points: "1" }, /^Customer id:/],
    [{ customerId: "gid://shopify/Order/1", points: "1" }, /^Customer id:/],
    [{ email: "not-an-email", points: "1" }, /^E-mail: Not an e-mail/],
    [{ email: "a@b.co", points: "1.5" }, /^Points: .*whole number/],
    [{ email: "a@b.co", points: "1,200" }, /^Points: .*whole number/],
    [{ email: "a@b.co", points: "-5" }, /^Points: .*negative/],
    [{ email: "a@b.co", points: String(MAX_IMPORTED_POINTS + 1) }, /^Points: At most/],
    [{ email: "a@b.co" }, /^Points: No points/],
    [{ points: "5" }, /No customer id and no e-mail/],
    [{ email: "a@b.co", points: "5", birthday: "02-30" }, /^Birthday:/],
  ])("refuses %o with a reason", (cells, reason) => {
    const reading = readImportRow(cells);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.error).toMatch(reason);
  });

  it("accepts the largest allowed points and zero", () => {
    expect(readImportRow({ email: "a@b.co", points: String(MAX_IMPORTED_POINTS) }).ok).toBe(true);
    expect(readImportRow({ email: "a@b.co", points: "0" }).ok).toBe(true);
  });

  it("keeps a referral code in this app's form and drops one that cannot be", () => {
    expect(readImportRow({ email: "a@b.co", points: "1", referralCode: "abcd2345" })).toEqual({
      ok: true,
      row: { email: "a@b.co", points: 1, referralCode: "ABCD2345" },
    });
    expect(readImportRow({ email: "a@b.co", points: "1", referralCode: "SMILE-123" })).toEqual({
      ok: true,
      row: { email: "a@b.co", points: 1 },
    });
  });
});

describe("birthdays", () => {
  it.each([
    ["03-14", "03-14"],
    ["3/4", "03-04"],
    ["12/09/1990", "12-09"],
    ["1815-12-10", "12-10"],
    ["02-29", "02-29"],
  ])("%s → %s", (raw, expected) => {
    expect(birthdayOf(raw)).toBe(expected);
  });

  it.each(["13-01", "02-30", "tomorrow", "1990", ""])("%s is no birthday", (raw) => {
    expect(birthdayOf(raw)).toBeNull();
  });
});
