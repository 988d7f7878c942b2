/** A shop with Bronze (0), Silver (500) and Gold (1000 points): the storefront's tier fixtures. */
import type { Db } from "../../app/db.server";
import { randomUUID } from "node:crypto";

export async function bronzeSilverGold(db: Db, shopId: string, metric: "points" | "spend" | "orders" = "points") {
  await db.shop.update({
    where: { id: shopId },
    // Written straight to the rows, as a tier programme save would: the version moves on too.
    data: { tierMetric: metric, tierPeriod: "lifetime", tierGraceDays: 0, programVersion: { increment: 1 } },
  });
  const scale = metric === "spend" ? 100 : metric === "orders" ? 0.01 : 1;
  const tier = (name: string, position: number, threshold: number, perks: { shopify: unknown[]; text: string[] }) =>
    db.tier.create({
      data: {
        shopId,
        name,
        position,
        threshold: BigInt(Math.round(threshold * scale)),
        shopifyPerks: JSON.stringify(perks.shopify),
        textPerks: JSON.stringify(perks.text),
      },
    });
  return {
    bronze: await tier("Bronze", 0, 0, { shopify: [], text: [] }),
    silver: await tier("Silver", 1, 500, {
      shopify: [{ type: "percent_off", percent: 5 }],
      text: ["Early access to sales"],
    }),
    gold: await tier("Gold", 2, 1000, { shopify: [{ type: "free_shipping" }], text: [] }),
  };
}

/** Points a rule awarded: they count toward a points tier (a staff adjustment would not). */
export async function earnByRule(db: Db, shopId: string, memberId: string, points: number) {
  const { inLedgerTransaction, postEntry } = await import("../../app/ledger/ledger.server");
  await inLedgerTransaction(db, (tx) =>
    postEntry(tx, {
      shopId,
      memberId,
      points,
      kind: "earn",
      causeType: "rule",
      causeId: "fixture-rule",
      reason: "A rule's award, for a tier test",
      idempotencyKey: `fixture-rule:${memberId}:${randomUUID()}`,
    }),
  );
}
