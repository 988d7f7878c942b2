/**
 * A non-member buyer's pseudonymous key: enough to tell that two orders came from the same
 * buyer (repeat purchases), nothing that names them. HMAC-SHA256 under the app's secret, so a
 * key cannot be reversed, or matched to an e-mail, without it; scoped by shop, so one shop's
 * keys say nothing about another's. Rotating the secret starts new keys (repeat rates across
 * the rotation undercount); docs/decisions/0032.
 */
import { createHmac } from "node:crypto";
import { env } from "../env.server";

/** The customer's id when the order has one, else its e-mail (trimmed, lower-cased); null when neither. */
export function buyerKey(
  shopId: string,
  buyer: { customerId?: string | number | null; email?: string | null },
  secret: string = env.SHOPIFY_API_SECRET,
): string | null {
  const identity =
    buyer.customerId !== null && buyer.customerId !== undefined && String(buyer.customerId) !== ""
      ? `customer:${buyer.customerId}`
      : buyer.email?.trim()
        ? `email:${buyer.email.trim().toLowerCase()}`
        : null;
  if (identity === null) return null;
  return createHmac("sha256", secret).update(`${shopId}\n${identity}`).digest("base64url").slice(0, 32);
}
