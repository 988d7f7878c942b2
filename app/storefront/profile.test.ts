import { describe, expect, it } from "vitest";
import { birthdaySchema, filledProfileFields } from "./profile";

describe("birthdaySchema", () => {
  it.each(["01-01", "02-29", "12-31", " 03-14 "])("accepts %j", (value) => {
    expect(birthdaySchema.safeParse(value).success).toBe(true);
  });

  it.each(["2-29", "02-30", "04-31", "13-01", "00-10", "01-00", "1990-03-14", "03/14", ""])("refuses %j", (value) => {
    expect(birthdaySchema.safeParse(value).success).toBe(false);
  });
});

describe("filledProfileFields", () => {
  it("lists the name when either part is there, and the birthday", () => {
    expect(filledProfileFields({ firstName: "Ada", lastName: null, birthday: "12-10" })).toEqual(["name", "birthday"]);
    expect(filledProfileFields({ firstName: " ", lastName: "", birthday: null })).toEqual([]);
    expect(filledProfileFields({ firstName: null, lastName: "Lovelace", birthday: null })).toEqual(["name"]);
  });
});
