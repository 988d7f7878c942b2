import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { postedFieldsOf, rewardFormInput, translationRows } from "./form-fields";
import { parseRewardForm, rewardFormValues } from "./form";
import { readRewardRow } from "./catalogue";
import { rewardRowArb } from "./test-rewards";

describe("the reward editor's flat fields", () => {
  it("gathers translation rows into a list, dropping blank ones, and keeps the rest as posted", () => {
    expect(
      rewardFormInput({
        kind: "custom",
        "translations.1.locale": "de",
        "translations.1.title": "Tasche",
        "translations.0.locale": "",
        "translations.0.title": " ",
        "translations.0.description": "",
      }),
    ).toEqual({ kind: "custom", translations: [{ locale: "de", title: "Tasche", description: "" }] });
    expect(translationRows({ "translations.3.title": "x", title: "y" })).toBe(4);
    expect(translationRows({})).toBe(0);
  });

  it("posts back what it was given: fields → columns → reward → fields is stable after one save", () => {
    // One save normalises what a stored row may hold that the form never writes (a custom
    // reward's combinations, for one); from then on the round trip changes nothing.
    const save = (fields: Record<string, string>, row: { id: string; position: number; active: boolean }) => {
      const parsed = parseRewardForm(rewardFormInput(fields), "USD");
      if (!parsed.ok) return null;
      return postedFieldsOf(rewardFormValues(readRewardRow({ ...parsed.columns, ...row }), "USD"));
    };
    fc.assert(
      fc.property(rewardRowArb, (row) => {
        const once = save(postedFieldsOf(rewardFormValues(readRewardRow(row), "USD")), row);
        fc.pre(once !== null); // the arbitrary may store what the form refuses
        expect(save(once!, row)).toEqual(once);
      }),
    );
  });
});
