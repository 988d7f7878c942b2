/**
 * POST <shop>/apps/loyalty/profile {"birthday": "MM-DD"}: the signed-in shopper adds their
 * birthday in the widget, once; profile-completion rules pay for it. Answers
 * {birthday, awards, refusals, balance}; see app/storefront/engagement.server.ts.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { saveBirthday } from "../storefront/engagement.server";
import { proxyError, proxyJson } from "../storefront/proxy-request.server";
import { refusedResponse, widgetCallFrom } from "../storefront/widget-call.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const call = await widgetCallFrom(request, "update your profile");
  if (call instanceof Response) return call;
  const result = await saveBirthday(db, call);
  if (result.outcome === "birthday_already_set") {
    return proxyError(409, "birthday_already_set", "Your birthday is already on file. Contact the shop to change it.");
  }
  if (result.outcome !== "saved") return refusedResponse(result);
  const { outcome: _outcome, ...answer } = result;
  return proxyJson(answer);
};

export const loader = () => proxyError(405, "method_not_allowed", "Use POST to update your profile.");
