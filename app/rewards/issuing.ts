/**
 * What issuing a reward at Shopify means, kind by kind (app/rewards/issuers.server.ts has one
 * issuer per kind behind this interface): create it, find out after a lost answer whether it
 * was created, and take a code back when its redemption is cancelled.
 */
import type { Reward } from "../domain/rewards/catalogue";

export interface IssueRequest {
  shopDomain: string;
  currencyCode: string;
  /** Shopify's numeric customer id. */
  customerId: string;
  reward: Reward;
  redemption: {
    id: string;
    /** The code to create (code kinds); null for store credit and custom rewards. */
    code: string | null;
    /** What this redemption is worth (points_to_discount: the steps bought). */
    valueMinor: number;
    expiresAt: Date | null;
  };
}

/** What Shopify holds for an issued redemption. */
export type Issued =
  | { kind: "discount"; discountId: string }
  | { kind: "store_credit"; transactionId: string }
  /** Nothing at Shopify: a custom reward the merchant fulfils. */
  | { kind: "none" };

export interface Issuer {
  issue(request: IssueRequest): Promise<Issued>;
  /**
   * After an error whose answer may have been lost: what Shopify holds for this redemption,
   * null when it holds nothing (safe to give the points back), "unknown" when Shopify cannot
   * say (the redemption stays pending for the sweeper or the merchant). Throws when Shopify
   * cannot be asked at all.
   */
  confirm(request: IssueRequest): Promise<Issued | null | "unknown">;
  /** Takes an unused code back at Shopify (cancellation). Already gone counts as done. */
  revoke(shopDomain: string, issued: Issued): Promise<void>;
  /** Whether an issued redemption of this kind can be cancelled for its points. */
  readonly revocable: boolean;
}
