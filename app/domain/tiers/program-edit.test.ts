import { describe, expect, it } from "vitest";
import type { TierProgram } from "./definition";
import {
  planTierEdit,
  programAfterEdit,
  programEditSchema,
  unknownTierIds,
  type ProgramEditInput,
} from "./program-edit";

const settings = { metric: "points", period: "lifetime", graceDays: 30 } as const;

function edit(
  tiers: ProgramEditInput["tiers"],
  overrides: Partial<ProgramEditInput["settings"]> = {},
): ProgramEditInput {
  return { settings: { ...settings, ...overrides }, tiers };
}

function problems(input: unknown) {
  const parsed = programEditSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

describe("programEditSchema", () => {
  it("accepts a climbing list, new tiers without an id, and fills the definition's defaults", () => {
    const parsed = programEditSchema.parse(
      edit([
        { name: "Bronze", threshold: 0 },
        { id: "silver", name: "Silver", threshold: 500 },
        { name: "Staff", threshold: 0, hidden: true },
        { name: "Gold", threshold: 1500, multiplierHundredths: 150, shopifyPerks: [{ type: "free_shipping" }] },
      ]),
    );
    expect(parsed.tiers.map((t) => t.name)).toEqual(["Bronze", "Silver", "Staff", "Gold"]);
    expect(parsed.tiers[0]!.id).toBeUndefined();
    expect(parsed.tiers[0]).toMatchObject({ hidden: false, multiplierHundredths: 100, textPerks: [] });
    expect(parsed.tiers[1]!.id).toBe("silver");
  });

  it("accepts an empty list: every tier deleted", () => {
    expect(problems(edit([]))).toEqual([]);
  });

  it("refuses thresholds that do not strictly climb among the visible tiers, naming the tier", () => {
    expect(
      problems(
        edit([
          { name: "Bronze", threshold: 0 },
          { name: "Secret", threshold: 9999, hidden: true },
          { name: "Silver", threshold: 0 },
          { name: "Gold", threshold: 100 },
          { name: "Platinum", threshold: 100 },
        ]),
      ),
    ).toEqual([
      { path: "tiers.2.threshold", message: "Must be more than Bronze's threshold (0)." },
      { path: "tiers.4.threshold", message: "Must be more than Gold's threshold (100)." },
    ]);
  });

  it("lets the first visible tier start at 0 even after a hidden one", () => {
    expect(
      problems(
        edit([
          { name: "Staff", threshold: 50, hidden: true },
          { name: "Bronze", threshold: 0 },
          { name: "Silver", threshold: 1 },
        ]),
      ),
    ).toEqual([]);
  });

  it("refuses two tiers of one name (whatever the case and spaces) and one tier listed twice", () => {
    expect(
      problems(
        edit([
          { id: "a", name: "Gold", threshold: 0 },
          { id: "a", name: " gold ", threshold: 10 },
        ]),
      ),
    ).toEqual([
      { path: "tiers.1.name", message: 'Another tier is already called "gold".' },
      { path: "tiers.1.id", message: "The same tier appears twice." },
    ]);
  });

  it("keeps the definition's own checks, at the tier's place in the list", () => {
    expect(
      problems(
        edit([
          { name: "Bronze", threshold: 0 },
          {
            name: "Gold",
            threshold: 10,
            paidMonths: 12,
            shopifyPerks: [{ type: "free_shipping" }, { type: "free_shipping" }],
          },
        ]),
      ),
    ).toEqual([
      { path: "tiers.1.shopifyPerks", message: "Each kind of perk at most once per tier." },
      { path: "tiers.1.paidMonths", message: "A duration needs a product that sells the tier." },
    ]);
  });

  it("refuses a hidden tier that is also sold: hidden tiers are assigned by hand only", () => {
    expect(problems(edit([{ name: "VIP", threshold: 0, hidden: true, paidProductId: "42" }]))).toEqual([
      { path: "tiers.0.hidden", message: "A hidden tier is only assigned by hand: it cannot also be sold." },
    ]);
  });

  it("refuses bad settings and field values with their paths", () => {
    const found = problems(
      edit([{ name: "", threshold: -1, multiplierHundredths: 50 }], { period: "weekly" as never, graceDays: 400 }),
    ).map((p) => p.path);
    expect(found).toEqual(
      expect.arrayContaining([
        "settings.period",
        "settings.graceDays",
        "tiers.0.name",
        "tiers.0.threshold",
        "tiers.0.multiplierHundredths",
      ]),
    );
  });

  it("refuses more than 20 tiers", () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `T${i}`, threshold: i }));
    expect(problems(edit(many))).toEqual([{ path: "tiers", message: "At most 20 tiers." }]);
  });
});

describe("planTierEdit and programAfterEdit", () => {
  const current: TierProgram = {
    metric: "points",
    period: "lifetime",
    graceDays: 30,
    timeZone: "Europe/Paris",
    tiers: [],
  };

  it("takes positions from the list, names new tiers, and deletes stored tiers left out", () => {
    const parsed = programEditSchema.parse(
      edit(
        [
          { name: "Bronze", threshold: 0 },
          { id: "gold", name: "Gold", threshold: 900 },
          { name: "Platinum", threshold: 5000 },
        ],
        {
          period: "calendar_year",
        },
      ),
    );
    const plan = planTierEdit(["gold", "silver"], parsed, (index) => `new-${index}`);
    expect(plan.tiers.map((t) => [t.id, t.position])).toEqual([
      ["new-0", 0],
      ["gold", 1],
      ["new-2", 2],
    ]);
    expect(plan).toMatchObject({ created: ["new-0", "new-2"], updated: ["gold"], deleted: ["silver"] });
    const after = programAfterEdit(current, parsed, plan);
    expect(after).toMatchObject({ metric: "points", period: "calendar_year", graceDays: 30, timeZone: "Europe/Paris" });
    expect(after.tiers).toBe(plan.tiers);
  });

  it("finds ids that are not the shop's", () => {
    const parsed = programEditSchema.parse(
      edit([
        { id: "mine", name: "A", threshold: 0 },
        { id: "theirs", name: "B", threshold: 5 },
      ]),
    );
    expect(unknownTierIds(["mine"], parsed)).toEqual([1]);
  });
});
