/**
 * POST <shop>/apps/loyalty/redeem {"rewardId", "points"?}: spend points on a reward. Answers the
 * redemption as the shopper sees it (its code, credit or request) and the balance after it.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { InsufficientPointsError } from "../ledger/ledger.server";
import {
  InvalidPointsError,
  RedemptionFailedError,
  RedemptionUnconfirmedError,
  RewardLockedError,
  RewardNotFoundError,
} from "../rewards/errors";
import { redeemReward } from "../rewards/redeem.server";
import { memberRedemptionView } from "../storefront/customer-view.server";
import { proxyError, proxyJson } from "../storefront/proxy-request.server";
import { redeemRequestSchema } from "../storefront/storefront-api";
import { widgetCallFrom } from "../storefront/widget-call.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const call = await widgetCallFrom(request, "spend your points");
  if (call instanceof Response) return call;
  const { shop, customerId } = call;
  const parsed = redeemRequestSchema.safeParse(call.body);
  if (!parsed.success) return proxyError(400, "invalid_request", "Choose a reward to redeem.");

  try {
    const result = await redeemReward(db, {
      shopId: shop.id,
      shopDomain: shop.domain,
      currencyCode: shop.currencyCode,
      customerId,
      rewardId: parsed.data.rewardId,
      points: parsed.data.points,
    });
    const redemption = await memberRedemptionView(db, shop.id, result.memberId, result.redemptionId);
    return proxyJson({ redemption, balance: result.balance });
  } catch (error) {
    return redeemRefusal(error, shop.domain);
  }
};

function redeemRefusal(error: unknown, shopDomain: string): Response {
  if (error instanceof RewardNotFoundError)
    return proxyError(404, "reward_not_found", "That reward is no longer available.");
  if (error instanceof InvalidPointsError) {
    return proxyJson(
      { error: "invalid_points", message: error.message, step: error.step, maxPoints: error.maxPoints },
      400,
    );
  }
  if (error instanceof InsufficientPointsError) {
    const [needed, available] = [error.needed, error.available ?? 0];
    return proxyJson(
      {
        error: "insufficient_points",
        message: `You need ${needed} points for this reward; you have ${available}.`,
        needed,
        available,
      },
      409,
    );
  }
  if (error instanceof RewardLockedError) {
    return proxyJson({ error: "reward_locked", message: error.message, lockedReason: error.lockedReason }, 409);
  }
  if (error instanceof RedemptionUnconfirmedError) {
    console.error(`[redeem] ${shopDomain}: ${error.message}`);
    return proxyError(
      502,
      "redemption_unconfirmed",
      "We couldn't confirm your reward just now. If it wasn't created, your points come back automatically shortly.",
    );
  }
  if (error instanceof RedemptionFailedError) {
    console.error(`[redeem] ${shopDomain}: ${error.message}`);
    return proxyError(
      502,
      "shopify_unavailable",
      "We couldn't create your reward just now. Your points have not been spent; please try again.",
    );
  }
  throw error;
}

export const loader = () => proxyError(405, "method_not_allowed", "Use POST to redeem a reward.");
