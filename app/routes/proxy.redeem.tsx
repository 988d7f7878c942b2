/** POST <shop>/apps/loyalty/redeem {"rewardId"}: spend points on a reward, get a code. */
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { InsufficientPointsError } from "../ledger/ledger.server";
import {
  RedemptionFailedError,
  RedemptionUnconfirmedError,
  redeemReward,
  RewardNotFoundError,
} from "../rewards/redeem.server";
import { redemptionValue } from "../storefront/customer-view.server";
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
    });
    // Codes and numbers only: the widget words and formats them in the shopper's language.
    const value = await redemptionValue(db, shop.id, result.redemptionId);
    return proxyJson({ code: result.code, value, balance: result.balance });
  } catch (error) {
    if (error instanceof RewardNotFoundError)
      return proxyError(404, "reward_not_found", "That reward is no longer available.");
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
      return proxyError(
        502,
        "shopify_unavailable",
        "We couldn't create your code just now. Your points have not been spent; please try again.",
      );
    }
    throw error;
  }
};

export const loader = () => proxyError(405, "method_not_allowed", "Use POST to redeem a reward.");
