/** POST <shop>/apps/loyalty/redeem {"rewardId"}: spend points on a reward, get a code. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { db } from "../db.server";
import { InsufficientPointsError } from "../ledger/ledger.server";
import { RedemptionFailedError, RedemptionUnconfirmedError, redeemReward, RewardNotFoundError } from "../rewards/redeem.server";
import { findShop } from "../shops/shops.server";
import { redemptionValue } from "../storefront/customer-view.server";
import { authenticateProxyCaller, proxyError, proxyJson } from "../storefront/proxy-request.server";

const body = z.object({ rewardId: z.string().min(1).max(64) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const caller = await authenticateProxyCaller(request);
  if (request.method !== "POST") return proxyError(405, "method_not_allowed", "Use POST to redeem a reward.");
  // JSON only: a cross-site form cannot send it without a CORS preflight the shop refuses.
  if (!request.headers.get("content-type")?.includes("application/json")) {
    return proxyError(415, "invalid_request", "Send the reward as JSON.");
  }
  if (!caller.customerId) return proxyError(401, "not_logged_in", "Log in to spend your points.");
  const shop = await findShop(db, caller.shopDomain);
  if (!shop || shop.uninstalledAt) return proxyError(404, "programme_not_found", "This shop has no loyalty programme.");

  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return proxyError(400, "invalid_request", "Choose a reward to redeem.");

  try {
    const result = await redeemReward(db, {
      shopId: shop.id,
      shopDomain: shop.domain,
      currencyCode: shop.currencyCode,
      customerId: caller.customerId,
      rewardId: parsed.data.rewardId,
    });
    // Codes and numbers only: the widget words and formats them in the shopper's language.
    const value = await redemptionValue(db, shop.id, result.redemptionId);
    return proxyJson({ code: result.code, value, balance: result.balance });
  } catch (error) {
    if (error instanceof RewardNotFoundError) return proxyError(404, "reward_not_found", "That reward is no longer available.");
    if (error instanceof InsufficientPointsError) {
      const [needed, available] = [error.needed, error.available ?? 0];
      return proxyJson(
        { error: "insufficient_points", message: `You need ${needed} points for this reward; you have ${available}.`, needed, available },
        409,
      );
    }
    if (error instanceof RedemptionUnconfirmedError) {
      console.error(`[redeem] ${shop.domain}: ${error.message}`);
      return proxyError(
        502,
        "redemption_unconfirmed",
        "We couldn't confirm your code just now. If it wasn't created, your points come back automatically shortly.",
      );
    }
    if (error instanceof RedemptionFailedError) {
      console.error(`[redeem] ${shop.domain}: ${error.message}`);
      return proxyError(502, "shopify_unavailable", "We couldn't create your code just now. Your points have not been spent; please try again.");
    }
    throw error;
  }
};

export const loader = () => proxyError(405, "method_not_allowed", "Use POST to redeem a reward.");
