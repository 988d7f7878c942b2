/**
 * POST <shop>/apps/loyalty/cancel {"redemptionId"}: the signed-in shopper takes back one of their
 * own unused codes for the points. Someone else's redemption is not found, as one that does not
 * exist: the answer says nothing about other shoppers.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { findMemberByCustomerId } from "../members/members.server";
import { cancelRedemption } from "../rewards/cancel.server";
import { RedemptionNotCancellableError, RedemptionNotFoundError } from "../rewards/errors";
import { ShopifyGatewayError } from "../shopify/gateway.server";
import { memberRedemptionView } from "../storefront/customer-view.server";
import { proxyError, proxyJson } from "../storefront/proxy-request.server";
import { cancelRequestSchema } from "../storefront/storefront-api";
import { widgetCallFrom } from "../storefront/widget-call.server";

const NOT_FOUND = "That redemption was not found.";

export const action = async ({ request }: ActionFunctionArgs) => {
  const call = await widgetCallFrom(request, "cancel a reward");
  if (call instanceof Response) return call;
  const { shop, customerId } = call;
  const parsed = cancelRequestSchema.safeParse(call.body);
  if (!parsed.success) return proxyError(400, "invalid_request", "Choose a redemption to cancel.");
  const member = await findMemberByCustomerId(db, shop.id, customerId);
  if (!member) return proxyError(404, "redemption_not_found", NOT_FOUND);

  try {
    const { balance } = await cancelRedemption(db, {
      shopId: shop.id,
      shopDomain: shop.domain,
      redemptionId: parsed.data.redemptionId,
      by: "shopper",
      memberId: member.id,
    });
    const redemption = await memberRedemptionView(db, shop.id, member.id, parsed.data.redemptionId);
    return proxyJson({ redemption, balance });
  } catch (error) {
    if (error instanceof RedemptionNotFoundError) return proxyError(404, "redemption_not_found", NOT_FOUND);
    if (error instanceof RedemptionNotCancellableError) {
      return proxyError(
        409,
        "not_cancellable",
        "This reward can no longer be cancelled: it was used, expired or cancelled.",
      );
    }
    if (error instanceof ShopifyGatewayError) {
      console.error(`[cancel] ${shop.domain}: ${error.message}`);
      return proxyError(
        502,
        "shopify_unavailable",
        "We couldn't cancel your code just now. It still works, and your points are unchanged; please try again.",
      );
    }
    throw error;
  }
};

export const loader = () => proxyError(405, "method_not_allowed", "Use POST to cancel a reward.");
