/**
 * The rules of the points ledger, free of any database: what an entry may be, how it moves
 * the cached balances, and how a retry is told from a conflicting reuse of a key.
 */

/** hold / release / void: an order's pending points (app/domain/order-points.ts). */
export type EntryKind = "earn" | "redeem" | "reverse" | "adjust" | "expire" | "hold" | "release" | "void";
/**
 * "expiry": points that expired under the shop's policy (app/domain/expiry.ts); "rule": an
 * earning rule's award (causeId = the rule's id, app/rules/award.server.ts).
 */
export type CauseType = "order" | "redemption" | "staff" | "expiry" | "rule";

export interface EntryDraft {
  memberId: string;
  points: number;
  kind: EntryKind;
  causeType: CauseType;
  causeId: string;
  reason?: string | null;
  idempotencyKey: string;
}

export class InvalidEntryError extends Error {
  override name = "InvalidEntryError";
}

export function validateEntry(draft: EntryDraft): void {
  if (!Number.isSafeInteger(draft.points) || draft.points === 0) {
    throw new InvalidEntryError(`Points must be a non-zero whole number, got ${draft.points}.`);
  }
  if (!draft.idempotencyKey) throw new InvalidEntryError("An entry needs an idempotency key.");
  if (draft.kind === "earn" && draft.points < 0) throw new InvalidEntryError("An earn entry adds points.");
  if (draft.kind === "redeem" && draft.points > 0) throw new InvalidEntryError("A redeem entry removes points.");
  if (draft.kind === "expire" && draft.points > 0) throw new InvalidEntryError("An expire entry removes points.");
  if ((draft.kind === "hold" || draft.kind === "release") && draft.points < 0) {
    throw new InvalidEntryError(`A ${draft.kind} entry adds points.`);
  }
  if (draft.kind === "void" && draft.points > 0) throw new InvalidEntryError("A void entry removes pending points.");
  if (draft.kind === "adjust" && !draft.reason?.trim()) {
    throw new InvalidEntryError("A staff adjustment needs a reason.");
  }
}

/**
 * What identifies the data of an entry. Two posts with the same key and fingerprint are the
 * same event delivered twice; the same key with another fingerprint is a bug or an attack.
 */
export function fingerprint(draft: EntryDraft): string {
  // JSON, not a joined string: no id can contain a separator that makes two entries alike.
  // A staff adjustment's reason is part of what the person asked for; elsewhere the reason
  // is an explanation we write and may word differently on a retry.
  const reason = draft.kind === "adjust" ? (draft.reason ?? null) : null;
  return JSON.stringify([draft.memberId, draft.points, draft.kind, draft.causeType, draft.causeId, reason]);
}

export interface BalanceEffects {
  /** Available points: what the member can spend. */
  balance: number;
  /** Points an order has promised but not released yet. */
  pending: number;
  lifetimeEarned: number;
  lifetimeRedeemed: number;
}

/** How an entry moves the cached balances of its member. */
export function balanceEffects(draft: Pick<EntryDraft, "kind" | "causeType" | "points">): BalanceEffects {
  const { kind, causeType, points } = draft;
  if (kind === "hold" || kind === "void") return { balance: 0, pending: points, lifetimeEarned: 0, lifetimeRedeemed: 0 };
  if (kind === "release") return { balance: points, pending: -points, lifetimeEarned: points, lifetimeRedeemed: 0 };
  if (kind === "earn" || (kind === "reverse" && causeType === "order")) {
    return { balance: points, pending: 0, lifetimeEarned: points, lifetimeRedeemed: 0 };
  }
  if (kind === "redeem" || (kind === "reverse" && causeType === "redemption")) {
    return { balance: points, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: -points };
  }
  // adjust, expire: the balance only (expired points stay earned; they were not redeemed).
  return { balance: points, pending: 0, lifetimeEarned: 0, lifetimeRedeemed: 0 };
}

/** Entries that are a member's own activity: the clock of the "inactivity" expiry mode. */
export function isActivity(kind: EntryKind): boolean {
  return kind === "earn" || kind === "release" || kind === "redeem";
}

/** Idempotency keys, derived from the cause so a retry of the same cause maps to one entry. */
export const ledgerKeys = {
  orderEarn: (orderId: string) => `order:${orderId}:earn`,
  orderHold: (orderId: string) => `order:${orderId}:hold`,
  orderRelease: (orderId: string) => `order:${orderId}:release`,
  /** Pending points voided up to a cumulative reversal target; each target once. */
  orderVoidedTo: (orderId: string, target: number) => `order:${orderId}:voided-to:${target}`,
  /** A reversal brings the order to a cumulative target; each target is reached once. */
  orderReversedTo: (orderId: string, target: number) => `order:${orderId}:reversed-to:${target}`,
  redemption: (redemptionId: string) => `redemption:${redemptionId}`,
  redemptionRestore: (redemptionId: string) => `redemption:${redemptionId}:restore`,
  /** A lot's remaining points expire once ("fixed" mode). */
  lotExpiry: (lotId: string) => `expiry:lot:${lotId}`,
  /** A member's points expire once per period of inactivity, named by the activity it follows. */
  inactivityExpiry: (memberId: string, lastActivityAtIso: string) => `expiry:inactive:${memberId}:${lastActivityAtIso}`,
};
