/**
 * A referral completes when the referred friend's first order is paid: inside that order's
 * ledger transaction, the friend is attributed to the referrer (once: an existing
 * attribution wins over a code on a later order), and referral_completed is evaluated as the
 * referrer through the one award path, so the referral's keys, limits and self-referral
 * check are the engine's (app/domain/rules/referral.ts).
 */
import type { Tx } from "../db.server";
import { referralCodeOfOrder } from "../domain/referral-code";
import type { Party } from "../domain/rules";
import { findMemberByCustomerId } from "../members/members.server";
import { findMemberByReferralCode } from "../members/referral.server";
import { awardInTransaction, type AwardResult, type AwardShop } from "../rules/award.server";
import { otherPaidOrders, type PreparedReferral } from "./order-pricing.server";
import type { OrderPayload } from "./order-points.server";

type Friend = { id: string; customerId: string; email: string | null; referredByCustomerId: string | null };

function friendAddress(order: OrderPayload): Party["address"] {
  const address = order.customer?.default_address;
  if (!address?.address1) return undefined;
  return {
    line1: address.address1,
    ...(address.zip ? { postalCode: address.zip } : {}),
    ...(address.country_code ? { countryCode: address.country_code } : {}),
  };
}

/**
 * Call with the friend's member row locked and the order just marked paid. Returns the
 * award result, or null when this order completes no referral.
 */
export async function completeReferral(
  tx: Tx,
  shop: AwardShop,
  input: { friend: Friend; order: OrderPayload; prepared: PreparedReferral; now: Date },
): Promise<AwardResult | null> {
  const { friend, order, prepared, now } = input;
  const orderId = String(order.id);
  if ((await otherPaidOrders(tx, shop.id, friend.id, orderId)) > 0) return null;

  let referrerCustomerId = friend.referredByCustomerId;
  if (!referrerCustomerId) {
    const code = referralCodeOfOrder(order);
    const referrer = code ? await findMemberByReferralCode(tx, shop.id, code) : null;
    if (!referrer) return null;
    referrerCustomerId = referrer.customerId;
    // Nobody is their own referrer: the attempt is still evaluated (and refused) below.
    if (referrerCustomerId !== friend.customerId) {
      await tx.member.updateMany({
        where: { id: friend.id, shopId: shop.id, referredByCustomerId: null },
        data: { referredByCustomerId: referrerCustomerId },
      });
    }
  }
  const referrer = await findMemberByCustomerId(tx, shop.id, referrerCustomerId);
  if (referrer?.redactedAt) return null;

  // The address was fetched for the referrer seen before the transaction; if another one
  // won meanwhile (a race measured in milliseconds), the check runs on id and e-mail only.
  const referrerAddress = prepared.referrerCustomerId === referrerCustomerId ? prepared.referrerAddress : undefined;
  const friendEmail = order.customer?.email ?? friend.email;
  return awardInTransaction(tx, {
    shop,
    customerId: referrerCustomerId,
    rules: prepared.rules,
    now,
    event: {
      type: "referral_completed",
      orderId,
      referrer: {
        customerId: referrerCustomerId,
        ...(referrer?.email ? { email: referrer.email } : {}),
        ...(referrerAddress ? { address: referrerAddress } : {}),
      },
      friend: {
        customerId: friend.customerId,
        ...(friendEmail ? { email: friendEmail } : {}),
        ...(friendAddress(order) ? { address: friendAddress(order) } : {}),
      },
    },
  });
}
