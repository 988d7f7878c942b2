import { describe, expect, it } from "vitest";
import { filledProfileFields, hasEmailMarketingConsent } from "./profile-fields";

const noBirthday = { birthday: null };

describe("filledProfileFields", () => {
  it("lists nothing for a bare customer", () => {
    expect(
      filledProfileFields({ first_name: null, last_name: null, phone: null, default_address: null }, noBirthday),
    ).toEqual([]);
  });

  it("lists every field filled, in the canonical order", () => {
    const fields = filledProfileFields(
      {
        first_name: "Ada",
        last_name: "Lovelace",
        phone: "+442071234567",
        default_address: { address1: "12 St James's Square", city: "London" },
        email_marketing_consent: { state: "subscribed" },
      },
      { birthday: "12-10" },
    );
    expect(fields).toEqual(["name", "birthday", "phone", "address", "marketing_consent"]);
  });

  it("needs both names, not blanks", () => {
    expect(filledProfileFields({ first_name: "Ada", last_name: null }, noBirthday)).toEqual([]);
    expect(filledProfileFields({ first_name: "Ada", last_name: "  " }, noBirthday)).toEqual([]);
    expect(filledProfileFields({ first_name: " ", last_name: "Lovelace" }, noBirthday)).toEqual([]);
    expect(filledProfileFields({ first_name: "Ada", last_name: "Lovelace" }, noBirthday)).toEqual(["name"]);
  });

  it("reads the phone and the default address", () => {
    expect(filledProfileFields({ phone: "" }, noBirthday)).toEqual([]);
    expect(filledProfileFields({ phone: "+15551234567" }, noBirthday)).toEqual(["phone"]);
    expect(filledProfileFields({ default_address: {} }, noBirthday)).toEqual(["address"]);
  });

  it("counts the birthday only when the member gave a valid one", () => {
    expect(filledProfileFields({}, { birthday: "02-29" })).toEqual(["birthday"]);
    expect(filledProfileFields({}, { birthday: "13-01" })).toEqual([]);
    expect(filledProfileFields({}, { birthday: "" })).toEqual([]);
  });
});

describe("hasEmailMarketingConsent", () => {
  it("follows the consent state when there is one", () => {
    expect(hasEmailMarketingConsent({ email_marketing_consent: { state: "subscribed" } })).toBe(true);
    expect(hasEmailMarketingConsent({ email_marketing_consent: { state: "SUBSCRIBED" } })).toBe(true);
    for (const state of ["not_subscribed", "pending", "unsubscribed", "redacted", "invalid"]) {
      expect(hasEmailMarketingConsent({ email_marketing_consent: { state } }), state).toBe(false);
    }
    // The state wins over the deprecated flag.
    expect(
      hasEmailMarketingConsent({ email_marketing_consent: { state: "unsubscribed" }, accepts_marketing: true }),
    ).toBe(false);
  });

  it("falls back to accepts_marketing in older payloads", () => {
    expect(hasEmailMarketingConsent({ accepts_marketing: true })).toBe(true);
    expect(hasEmailMarketingConsent({ accepts_marketing: false })).toBe(false);
    expect(hasEmailMarketingConsent({ email_marketing_consent: null, accepts_marketing: true })).toBe(true);
    expect(hasEmailMarketingConsent({})).toBe(false);
  });
});
