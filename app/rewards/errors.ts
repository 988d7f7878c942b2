/** What can go wrong when spending points or taking a redemption back; routes map each to an answer. */
import type { LockedReason } from "../storefront/storefront-api";

export class RewardNotFoundError extends Error {
  override name = "RewardNotFoundError";
}

/** The reward exists but this shopper cannot redeem it now (the same reasons the Bazaar shows). */
export class RewardLockedError extends Error {
  override name = "RewardLockedError";
  constructor(readonly lockedReason: LockedReason) {
    super(`The reward is locked: ${lockedReason}.`);
  }
}

/** points_to_discount: the points asked for are not a whole number of steps within the maximum. */
export class InvalidPointsError extends Error {
  override name = "InvalidPointsError";
  constructor(
    readonly step: number,
    readonly maxPoints: number,
  ) {
    super(`Choose a multiple of ${step} points, at most ${maxPoints}.`);
  }
}

/** Shopify could not be asked whether the code exists: the redemption stays pending and
 * the sweeper (settleStaleRedemptions) settles it later, one way or the other. */
export class RedemptionUnconfirmedError extends Error {
  override name = "RedemptionUnconfirmedError";
  constructor(
    readonly redemptionId: string,
    cause: unknown,
  ) {
    super(`Redemption ${redemptionId} is unconfirmed: ${(cause as Error)?.message ?? cause}`);
  }
}

export class RedemptionFailedError extends Error {
  override name = "RedemptionFailedError";
  constructor(
    readonly redemptionId: string,
    cause: unknown,
  ) {
    super(`Redemption ${redemptionId} failed: ${(cause as Error)?.message ?? cause}`);
  }
}

export class RedemptionNotFoundError extends Error {
  override name = "RedemptionNotFoundError";
}

/** Used, expired, already cancelled, store credit, or a custom request already fulfilled. */
export class RedemptionNotCancellableError extends Error {
  override name = "RedemptionNotCancellableError";
  constructor(readonly status: string) {
    super(`A redemption that is ${status} cannot be cancelled.`);
  }
}

/** A fulfilment request already fulfilled, cancelled or never issued. */
export class RequestNotOpenError extends Error {
  override name = "RequestNotOpenError";
  constructor(readonly status: string) {
    super(`A request that is ${status} cannot be fulfilled.`);
  }
}
