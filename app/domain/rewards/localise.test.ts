import { describe, expect, it } from "vitest";
import { localisedRewardText } from "./localise";
import { reward } from "./test-rewards";

const coffee = reward({
  title: "Free coffee",
  description: "Any size",
  translations: JSON.stringify({
    fr: { title: "Café offert", description: "Toutes tailles" },
    "fr-CA": { title: "Café gratuit" },
  }),
});

describe("localisedRewardText", () => {
  it("takes the locale, then its language, then the default, field by field", () => {
    expect(localisedRewardText(coffee, "fr-CA")).toEqual({ title: "Café gratuit", description: "Toutes tailles" });
    expect(localisedRewardText(coffee, "fr")).toEqual({ title: "Café offert", description: "Toutes tailles" });
    expect(localisedRewardText(coffee, "fr-BE")).toEqual({ title: "Café offert", description: "Toutes tailles" });
    expect(localisedRewardText(coffee, "de")).toEqual({ title: "Free coffee", description: "Any size" });
    expect(localisedRewardText(coffee, null)).toEqual({ title: "Free coffee", description: "Any size" });
  });

  it("matches locales whatever their case or separator", () => {
    expect(localisedRewardText(coffee, "FR_ca").title).toBe("Café gratuit");
    const pt = reward({ translations: JSON.stringify({ "pt-BR": { title: "Café grátis" } }) });
    expect(localisedRewardText(pt, "pt-br").title).toBe("Café grátis");
    expect(localisedRewardText(pt, "pt").title).toBe("$5 off");
  });
});
