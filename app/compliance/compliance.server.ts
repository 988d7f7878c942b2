/**
 * The three mandatory compliance topics and app/uninstalled.
 *
 * customers/redact erases the personal data we hold (name, e-mail, the search text made
 * from them) and keeps the member's ledger under an anonymous member, because points and
 * issued codes are the merchant's financial records; see docs/decisions/0003. Both redactions
 * leave a tombstone (./redactions.server.ts) so that nothing late brings the data back.
 *
 * Tiers follow the same line: the member's tier, its history (TierChange) and its grants
 * (TierGrant) carry no personal data (tiers, causes, dates, the staff member's name and their
 * reason, like a staff adjustment's) and stay with the anonymous member; what was written to
 * Shopify about the customer (CustomerFactsSync, keyed by their Shopify id) goes, as nothing
 * is synced for an anonymous member. Challenge progress and completions (challenges, windows,
 * orders and events by id, dates, points) are of the same kind and stay too; the data request
 * lists the completions. Order facts (the dashboard's sales figures) keep amounts and dates and
 * lose the buyer key; the data request lists a member's. shop/redact removes all of it with
 * the shop (cascade, OrderFact too).
 */
import type { Db } from "../db.server";
import { buyerKey } from "../economics/buyer-key.server";
import { anonymousCustomerId, rememberCustomerRedacted, rememberShopRedacted } from "./redactions.server";

/** What customers/redact names besides the customer's id: their e-mail and the orders to redact. */
export interface RedactedBuyer {
  email?: string | null;
  orderIds?: readonly string[];
}

export async function redactCustomer(
  db: Db,
  shopDomain: string,
  customerId: string,
  buyer: RedactedBuyer = {},
): Promise<{ redacted: boolean }> {
  const shop = await db.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop) return { redacted: false };
  const anonymousId = anonymousCustomerId(shop.id, customerId);
  const result = await db.$transaction(async (tx) => {
    // Even for a customer the programme never knew: a late order must not enrol them.
    await rememberCustomerRedacted(tx, shop.id, customerId);
    // What was last written to Shopify about them names the customer: it goes, and a redacted
    // member is never synced again (app/shopify-facts/sync.server.ts).
    const members = await tx.member.findMany({ where: { shopId: shop.id, customerId }, select: { id: true } });
    await tx.customerFactsSync.deleteMany({ where: { shopId: shop.id, memberId: { in: members.map((m) => m.id) } } });
    // A merchant's note on a fulfilled reward may name the customer ("handed to Ada in store").
    await tx.redemption.updateMany({
      where: { shopId: shop.id, memberId: { in: members.map((m) => m.id) }, merchantNote: { not: null } },
      data: { merchantNote: null },
    });
    const erased = await tx.member.updateMany({
      where: { shopId: shop.id, customerId },
      data: {
        customerId: anonymousId,
        email: null,
        firstName: null,
        lastName: null,
        searchText: "",
        birthday: null,
        customerCreatedAt: null,
        profileSyncedAt: null,
        referralCode: null,
        referredByCustomerId: null,
        redactedAt: new Date(),
      },
    });
    // Friends this customer referred keep the link, to the anonymous id.
    await tx.member.updateMany({
      where: { shopId: shop.id, referredByCustomerId: customerId },
      data: { referredByCustomerId: anonymousId },
    });
    // Their orders' facts stay (amounts and dates are the merchant's sales figures) but no longer
    // say who bought: the buyer keys of their id and e-mail go, on the orders named too.
    const keys = [buyerKey(shop.id, { customerId }), buyer.email ? buyerKey(shop.id, { email: buyer.email }) : null];
    await tx.orderFact.updateMany({
      where: {
        shopId: shop.id,
        OR: [
          { buyerKey: { in: keys.filter((key): key is string => key !== null) } },
          ...(buyer.orderIds?.length ? [{ orderId: { in: [...buyer.orderIds] } }] : []),
        ],
      },
      data: { buyerKey: null },
    });
    await tx.dataRequest.deleteMany({ where: { shopId: shop.id, customerId } });
    await tx.customerFactsSync.deleteMany({ where: { shopId: shop.id, customerId } });
    return erased;
  });
  return { redacted: result.count > 0 };
}

/**
 * shop/redact arrives 48 hours after uninstall: everything of the shop goes, and a hash of
 * its domain stays so a late webhook cannot create it again (an install can).
 */
export async function redactShop(db: Db, shopDomain: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await rememberShopRedacted(tx, shopDomain);
    await tx.session.deleteMany({ where: { shop: shopDomain } });
    await tx.shop.deleteMany({ where: { domain: shopDomain } });
  });
}

/**
 * customers/data_request: compile what we hold about the customer and keep it for the
 * merchant, who forwards it to the customer (Shopify does not fetch it from the app).
 */
export async function compileDataRequest(
  db: Db,
  shopDomain: string,
  customerId: string,
  requestId: string | null,
): Promise<{ found: boolean; id: string | null }> {
  const shop = await db.shop.findUnique({ where: { domain: shopDomain } });
  if (!shop) return { found: false, id: null };
  const member = await db.member.findUnique({
    where: { shopId_customerId: { shopId: shop.id, customerId } },
    include: {
      entries: { orderBy: { createdAt: "asc" } },
      redemptions: { orderBy: { createdAt: "asc" } },
      challengeCompletions: { orderBy: { completedAt: "asc" }, include: { challenge: { select: { title: true } } } },
      tier: { select: { name: true } },
      tierChanges: {
        orderBy: { createdAt: "asc" },
        select: { createdAt: true, cause: true, from: { select: { name: true } }, to: { select: { name: true } } },
      },
    },
  });
  // The orders the dashboard counts for them (amounts and dates: app/economics/order-facts.server.ts).
  const orders = member
    ? await db.orderFact.findMany({
        where: { shopId: shop.id, memberId: member.id },
        orderBy: { placedAt: "asc" },
        select: {
          orderId: true,
          placedAt: true,
          totalMinor: true,
          refundedMinor: true,
          currencyCode: true,
          cancelledAt: true,
        },
      })
    : [];
  const payload = member
    ? {
        customerId,
        email: member.email,
        firstName: member.firstName,
        lastName: member.lastName,
        birthday: member.birthday,
        verifiedEmail: member.verifiedEmail,
        referralCode: member.referralCode,
        referredByCustomerId: member.referredByCustomerId,
        balance: member.balance,
        lifetimeEarned: member.lifetimeEarned,
        lifetimeRedeemed: member.lifetimeRedeemed,
        joinedAt: member.createdAt.toISOString(),
        tier: member.tier?.name ?? null,
        tierHistory: member.tierChanges.map((c) => ({
          from: c.from?.name ?? null,
          to: c.to?.name ?? null,
          cause: c.cause,
          at: c.createdAt.toISOString(),
        })),
        entries: member.entries.map((e) => ({
          points: e.points,
          kind: e.kind,
          cause: `${e.causeType}:${e.causeId}`,
          at: e.createdAt.toISOString(),
        })),
        redemptions: member.redemptions.map((r) => ({
          reward: r.rewardTitle,
          kind: r.kind,
          code: r.code,
          points: r.pointsSpent,
          status: r.status,
          note: r.merchantNote,
          at: r.createdAt.toISOString(),
        })),
        orders: orders.map((o) => ({
          orderId: o.orderId,
          placedAt: o.placedAt.toISOString(),
          totalMinor: Number(o.totalMinor),
          refundedMinor: Number(o.refundedMinor),
          currencyCode: o.currencyCode,
          cancelledAt: o.cancelledAt?.toISOString() ?? null,
        })),
        challengeCompletions: member.challengeCompletions.map((c) => ({
          challenge: c.challenge.title,
          window: c.window,
          step: c.step,
          points: c.points,
          rewardId: c.rewardId,
          at: c.completedAt.toISOString(),
          reversedAt: c.reversedAt?.toISOString() ?? null,
          reversalReason: c.reversalReason,
        })),
      }
    : { customerId, note: "No loyalty data is held for this customer." };
  const record = await db.dataRequest.create({
    data: { shopId: shop.id, customerId, requestId, payload: JSON.stringify(payload) },
  });
  return { found: Boolean(member), id: record.id };
}

/** app/uninstalled: the access tokens are dead; the programme data waits for shop/redact. */
export async function handleUninstall(db: Db, shopDomain: string): Promise<void> {
  await db.session.deleteMany({ where: { shop: shopDomain } });
  await db.shop.updateMany({ where: { domain: shopDomain }, data: { uninstalledAt: new Date() } });
}
