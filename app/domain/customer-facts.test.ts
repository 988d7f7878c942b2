import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyFactsDiff,
  customerFacts,
  diffFacts,
  FACT_KEYS,
  isAppTag,
  isEmptyDiff,
  MEMBER_TAG,
  NOTHING_WRITTEN,
  readWrittenFacts,
  tierTag,
  type CustomerFacts,
  type FactsInput,
} from "./customer-facts";

const input = fc.record<FactsInput>({
  tier: fc.option(fc.record({ id: fc.string({ minLength: 1 }), name: fc.string({ minLength: 1, maxLength: 60 }) }), {
    nil: null,
  }),
  balance: fc.integer({ min: -1_000_000, max: 1_000_000 }),
  nextTier: fc.option(
    fc.record({
      name: fc.string({ minLength: 1 }),
      remaining: fc.nat(),
      unit: fc.constantFrom("points" as const, "money" as const, "orders" as const),
    }),
    { nil: null },
  ),
  expiring: fc.option(
    fc.record({ points: fc.nat(), on: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }) }),
    {
      nil: null,
    },
  ),
});

/** Facts as recorded, possibly with app tags of an older tier. */
const written = fc.oneof(
  fc.constant(NOTHING_WRITTEN),
  input.map(customerFacts),
  fc.tuple(input, fc.array(fc.string({ minLength: 1 }).map(tierTag))).map(([i, extra]) => {
    const facts = customerFacts(i);
    return { ...facts, tags: [...new Set([...facts.tags, ...extra])].sort() };
  }),
);

const merchantTag = fc.string({ minLength: 1 }).filter((t) => !isAppTag(t));

describe("customer facts", () => {
  it("tags the member and their tier, and writes the tier, balance, next tier and expiry as typed values", () => {
    const facts = customerFacts({
      tier: { id: "t1", name: "Gold" },
      balance: 1200,
      nextTier: { name: "Platinum", remaining: 300, unit: "points" },
      expiring: { points: 50, on: new Date("2027-01-31T00:00:00.000Z") },
    });
    expect(facts.tags).toEqual(["loyalty:member", "loyalty:tier:Gold"]);
    expect(facts.metafields).toEqual({
      tier: "Gold",
      tier_id: "t1",
      balance: "1200",
      next_tier: "Platinum",
      next_tier_remaining: "300",
      next_tier_unit: "points",
      points_expiring: "50",
      points_expiring_at: "2027-01-31T00:00:00Z",
    });
  });

  it("a tier's tag keeps neither commas nor quotes, which would split it or end a segment query", () => {
    expect(tierTag(`Gold, "VIP" O'Neil`)).toBe("loyalty:tier:Gold VIP O Neil");
    expect(isAppTag(tierTag("anything"))).toBe(true);
    expect(isAppTag("loyalty:vip")).toBe(false);
  });

  it("applying the diff to what was written yields the facts now", () => {
    fc.assert(
      fc.property(written, input, fc.boolean(), (before, now, everyKey) => {
        const current = customerFacts(now);
        expect(applyFactsDiff(before, diffFacts(before, current, { everyKey }))).toEqual(current);
      }),
    );
  });

  it("never removes a tag the app did not write, and never removes a tag it wants", () => {
    fc.assert(
      fc.property(written, fc.array(merchantTag), input, (before, others, now) => {
        // A record (or, on a resync, Shopify's tags) carrying the merchant's tags too.
        const seen: CustomerFacts = { ...before, tags: [...before.tags, ...others] };
        const current = customerFacts(now);
        const diff = diffFacts(seen, current);
        for (const tag of diff.removeTags) {
          expect(isAppTag(tag)).toBe(true);
          expect(current.tags).not.toContain(tag);
        }
        for (const tag of others) expect(diff.removeTags).not.toContain(tag);
      }),
    );
  });

  it("sends nothing when nothing changed, and only the changed keys otherwise", () => {
    fc.assert(
      fc.property(input, (now) => {
        const facts = customerFacts(now);
        expect(isEmptyDiff(diffFacts(facts, facts))).toBe(true);
        const after = customerFacts({ ...now, balance: now.balance + 1 });
        const diff = diffFacts(facts, after);
        expect(diff.setMetafields).toEqual([
          { key: "balance", type: "number_integer", value: String(now.balance + 1) },
        ]);
        expect(diff.addTags.length + diff.removeTags.length + diff.deleteMetafields.length).toBe(0);
      }),
    );
  });

  it("a member who leaves their tier loses its tag and tier values; the membership tag stays", () => {
    const gold = customerFacts({ tier: { id: "g", name: "Gold" }, balance: 5, nextTier: null, expiring: null });
    const none = customerFacts({ tier: null, balance: 5, nextTier: null, expiring: null });
    const diff = diffFacts(gold, none);
    expect(diff.removeTags).toEqual(["loyalty:tier:Gold"]);
    expect(diff.addTags).toEqual([]);
    expect(diff.deleteMetafields).toEqual(["tier", "tier_id"]);
    expect(none.tags).toEqual([MEMBER_TAG]);
  });

  it("a resync sets every value and deletes every absent key, Shopify's metafields being unknown", () => {
    const facts = customerFacts({ tier: null, balance: 0, nextTier: null, expiring: null });
    const diff = diffFacts(NOTHING_WRITTEN, facts, { everyKey: true });
    expect(diff.setMetafields.map((m) => m.key)).toEqual(["balance"]);
    expect(diff.deleteMetafields).toEqual(FACT_KEYS.filter((k) => k !== "balance"));
  });

  it("reads back what it recorded, and a record that does not read as nothing written", () => {
    fc.assert(
      fc.property(input, (now) => {
        const facts = customerFacts(now);
        expect(readWrittenFacts(JSON.stringify(facts))).toEqual(facts);
      }),
    );
    expect(readWrittenFacts("{}")).toEqual(NOTHING_WRITTEN);
    expect(readWrittenFacts("not json")).toEqual(NOTHING_WRITTEN);
    expect(readWrittenFacts(JSON.stringify({ tags: ["vip", "loyalty:member"], metafields: { x: "1" } }))).toEqual({
      tags: ["loyalty:member"],
      metafields: {},
    });
  });
});
