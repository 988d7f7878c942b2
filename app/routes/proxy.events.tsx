/**
 * POST <shop>/apps/loyalty/events {"type": "visit" | "page_visit" | "share" | "store_search" |
 * "offer_viewed", ...}: the signed-in shopper did something the shop's engagement rules may
 * reward. Answers {awards, refusals, balance}; see app/storefront/engagement.server.ts.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { recordWidgetEvent } from "../storefront/engagement.server";
import { proxyError, proxyJson } from "../storefront/proxy-request.server";
import { refusedResponse, widgetCallFrom } from "../storefront/widget-call.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const call = await widgetCallFrom(request, "send an event");
  if (call instanceof Response) return call;
  const result = await recordWidgetEvent(db, call);
  if (result.outcome !== "recorded") return refusedResponse(result);
  const { outcome: _outcome, ...answer } = result;
  return proxyJson(answer);
};

export const loader = () => proxyError(405, "method_not_allowed", "Use POST to send an event.");
