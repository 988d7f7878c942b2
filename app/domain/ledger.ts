/**
 * The rules of the points ledger, free of any database: what an entry may be, how it moves
 * the cached balances, and how a retry is told from a conflicting reuse of a key.
 */

/** hold / release / void: an order's pending points (app/domain/order-points.ts). */
export type EntryKind = "earn" | "redeem" | "reverse" | "adjust" | "expire" | "hold" | "release" | "void";
/**
 * "expiry": points that expired under the shop's policy (app/domain/expiry.ts); "rule": an
 * earning rule's award (causeId = the rule's id, app/rules/award.server.ts); "tier": a tier's entry
 * reward, posted once per member per tier ever (causeId = the tier's id, app/domain/tiers/);
 * "tier_birthday": a tier's birthday bonus, once per member per year (causeId = the tier's id,
 * app/tiers/birthday-bonus.server.ts). Neither counts toward qualifying for a tier.
 * "challenge": a challenge, milestone or streak completed (causeId = the ChallengeCompletion's
 * id, app/challenges), and its reversal when the order that completed it was refunded.
 * "import": a balance brought from another programme's CSV (causeId = the PointsImport's id,
 * app/imports), and its reversal when the merchant reverts the import. Not a tier qualifier.
 */
export type CauseType =
  "order" | "redemption" | "staff" | "expiry" | "rule" | "tier" | "tier_birthday" | "challenge" | "import";

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

/**
 * The bound of every point figure: an entry's points, a balance, pending points, the two
 * lifetime totals, a lot. 32-bit integers on both databases (int4 on PostgreSQL; SQLite
 * would store more, so the bound is checked here, before writing, and both refuse the same).
 */
export const MAX_POINTS = 2_147_483_647;

/** Points beyond MAX_POINTS: refused before anything is written (docs/decisions/0018). */
export class PointsOutOfRangeError extends InvalidEntryError {
  override name = "PointsOutOfRangeError";
  readonly code = "points_out_of_range";
  constructor(
    readonly figure: string,
    readonly value: number,
  ) {
    super(`${figure} would be ${value} points; at most ${MAX_POINTS} (either sign) can be recorded.`);
  }
}

/** Refuses points an entry or an order may not carry: not a whole number within the bound. */
export function assertPointsInRange(figure: string, points: number): void {
  if (!Number.isInteger(points)) throw new InvalidEntryError(`${figure} must be a whole number, got ${points}.`);
  if (Math.abs(points) > MAX_POINTS) throw new PointsOutOfRangeError(figure, points);
}

export interface BalanceEffects {
  /** Available points: what the member can spend. */
  balance: number;
  /** Points an order has promised but not released yet. */
  pending: number;
  /** "Earned all time": everything credited to the member, net of what was taken back. */
  lifetimeEarned: number;
  lifetimeRedeemed: number;
}

export type Figure = keyof BalanceEffects;
export const FIGURES: readonly Figure[] = ["balance", "pending", "lifetimeEarned", "lifetimeRedeemed"];

/** The sign an entry's points must have. */
type Direction = "credit" | "debit" | "either";

interface PairEffect {
  direction: Direction;
  /** Each cached figure moves by this multiple of the entry's points. */
  moves: Readonly<Record<Figure, -1 | 0 | 1>>;
}

const moves = (balance: -1 | 0 | 1, pending: -1 | 0 | 1, lifetimeEarned: -1 | 0 | 1, lifetimeRedeemed: -1 | 0 | 1) => ({
  balance,
  pending,
  lifetimeEarned,
  lifetimeRedeemed,
});

/**
 * What every (entry kind, cause type) pair does to the cached figures: the one definition
 * that posting (both paths of app/ledger), reconciliation and the tests read. A pair that is
 * not here is refused. Linear in the points, so a rebuild may sum entries per pair.
 *
 * - earned points (an order's earn or release, a rule's award, a tier's entry reward, a staff
 *   addition) count in
 *   lifetimeEarned; what takes them back (an order's reversal, a staff removal) comes off it
 *   (docs/decisions/0018);
 * - redeemed points count in lifetimeRedeemed; a failed redemption's restore comes off it;
 * - pending points are promised, not earned: hold and void move pending only;
 * - expired points stay earned and were not redeemed: the balance only.
 */
export const ENTRY_EFFECTS: {
  readonly [K in EntryKind]: Readonly<Partial<Record<CauseType, PairEffect>>>;
} = {
  earn: {
    order: { direction: "credit", moves: moves(1, 0, 1, 0) },
    rule: { direction: "credit", moves: moves(1, 0, 1, 0) },
    tier: { direction: "credit", moves: moves(1, 0, 1, 0) },
    tier_birthday: { direction: "credit", moves: moves(1, 0, 1, 0) },
    challenge: { direction: "credit", moves: moves(1, 0, 1, 0) },
    import: { direction: "credit", moves: moves(1, 0, 1, 0) },
  },
  hold: { order: { direction: "credit", moves: moves(0, 1, 0, 0) } },
  release: { order: { direction: "credit", moves: moves(1, -1, 1, 0) } },
  void: { order: { direction: "debit", moves: moves(0, 1, 0, 0) } },
  reverse: {
    order: { direction: "debit", moves: moves(1, 0, 1, 0) },
    redemption: { direction: "credit", moves: moves(1, 0, 0, -1) },
    challenge: { direction: "debit", moves: moves(1, 0, 1, 0) },
    import: { direction: "debit", moves: moves(1, 0, 1, 0) },
  },
  redeem: { redemption: { direction: "debit", moves: moves(1, 0, 0, -1) } },
  expire: { expiry: { direction: "debit", moves: moves(1, 0, 0, 0) } },
  adjust: { staff: { direction: "either", moves: moves(1, 0, 1, 0) } },
};

export class UnknownEntryPairError extends InvalidEntryError {
  override name = "UnknownEntryPairError";
}

function pairEffect(kind: string, causeType: string): PairEffect {
  const byCause: Partial<Record<string, PairEffect>> | undefined = Object.hasOwn(ENTRY_EFFECTS, kind)
    ? ENTRY_EFFECTS[kind as EntryKind]
    : undefined;
  const effect = byCause && Object.hasOwn(byCause, causeType) ? byCause[causeType] : undefined;
  if (!effect) throw new UnknownEntryPairError(`No ledger entry of kind "${kind}" for a cause of type "${causeType}".`);
  return effect;
}

export function validateEntry(draft: EntryDraft): void {
  if (!Number.isSafeInteger(draft.points) || draft.points === 0) {
    throw new InvalidEntryError(`Points must be a non-zero whole number, got ${draft.points}.`);
  }
  assertPointsInRange("An entry", draft.points);
  if (!draft.idempotencyKey) throw new InvalidEntryError("An entry needs an idempotency key.");
  const { direction } = pairEffect(draft.kind, draft.causeType);
  if (direction === "credit" && draft.points < 0) throw new InvalidEntryError(`A ${draft.kind} entry adds points.`);
  if (direction === "debit" && draft.points > 0) throw new InvalidEntryError(`A ${draft.kind} entry removes points.`);
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

/**
 * How an entry (or a sum of entries of one pair) moves the cached figures of its member,
 * from ENTRY_EFFECTS. Throws UnknownEntryPairError for a pair the table does not declare.
 */
export function entryEffects(entry: { kind: string; causeType: string; points: number }): BalanceEffects {
  const { moves: m } = pairEffect(entry.kind, entry.causeType);
  // `+ 0` turns the -0 of a zero move of negative points into 0.
  return {
    balance: m.balance * entry.points + 0,
    pending: m.pending * entry.points + 0,
    lifetimeEarned: m.lifetimeEarned * entry.points + 0,
    lifetimeRedeemed: m.lifetimeRedeemed * entry.points + 0,
  };
}

/** The inclusive range a cached figure may have before a move for the move to be allowed. */
export interface FigureRange {
  min: number;
  max: number;
}

/**
 * Where each cached figure must stand for `effects` to be applied: every figure stays within
 * ±MAX_POINTS, and the balance does not go below zero unless `mayGoNegative`. The database
 * checks these ranges in the statement that moves the figures (both posting paths), so the
 * bound holds under concurrency and SQLite refuses exactly what PostgreSQL refuses.
 */
export function allowedRanges(effects: BalanceEffects, mayGoNegative: boolean): Record<Figure, FigureRange> {
  const range = (move: number): FigureRange => ({
    min: -MAX_POINTS - Math.min(move, 0),
    max: MAX_POINTS - Math.max(move, 0),
  });
  const balance = range(effects.balance);
  if (!mayGoNegative && effects.balance < 0) balance.min = Math.max(balance.min, -effects.balance);
  return {
    balance,
    pending: range(effects.pending),
    lifetimeEarned: range(effects.lifetimeEarned),
    lifetimeRedeemed: range(effects.lifetimeRedeemed),
  };
}

/** Why a move was refused, given the figures as they stood: a bound, or too few points. */
export function refusalOf(
  cached: BalanceEffects,
  effects: BalanceEffects,
): { kind: "out_of_range"; figure: Figure; value: number } | { kind: "insufficient" } {
  for (const figure of FIGURES) {
    const value = cached[figure] + effects[figure];
    if (Math.abs(value) > MAX_POINTS) return { kind: "out_of_range", figure, value };
  }
  return { kind: "insufficient" };
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
  /** An order used a code after its redemption was cancelled: the restored points go again, once. */
  redemptionReclaim: (redemptionId: string) => `redemption:${redemptionId}:reclaim`,
  /** A lot's remaining points expire once ("fixed" mode). */
  lotExpiry: (lotId: string) => `expiry:lot:${lotId}`,
  /** A member's points expire once per period of inactivity, named by the activity it follows. */
  inactivityExpiry: (memberId: string, lastActivityAtIso: string) => `expiry:inactive:${memberId}:${lastActivityAtIso}`,
  /** A tier's entry reward: once per member per tier, ever (however often they reach it). */
  tierEntry: (tierId: string, memberId: string) => `tier:${tierId}:entry:${memberId}`,
  /** A tier's birthday bonus: once per member per (shop-local) year, whichever tier paid it. */
  tierBirthday: (memberId: string, year: number) => `tier-birthday:${memberId}:${year}`,
  /**
   * A challenge completed: once per member, window, step (a streak's length) and attempt (a
   * completion reversed and met again is a new attempt). Windows and ids have no ":" of their
   * own that could forge another key: they are escaped.
   */
  challengeCompletion: (challengeId: string, memberId: string, window: string, step: number, attempt: number) =>
    `challenge:${escapeKeyPart(challengeId)}:member:${escapeKeyPart(memberId)}:${escapeKeyPart(window)}:step:${step}:attempt:${attempt}`,
  /** Its reversal (an order behind it refunded or cancelled), once. */
  challengeReversal: (completionId: string) => `challenge-completion:${completionId}:reverse`,
  /** An import's row: once per import and member (the same file is the same import). */
  importRow: (importId: string, memberId: string) => `import:${importId}:member:${memberId}`,
  /** Its reversal when the import is reverted, once. */
  importRowReversal: (importId: string, memberId: string) => `import:${importId}:member:${memberId}:reverse`,
};

function escapeKeyPart(text: string): string {
  return text.replace(/%/g, "%25").replace(/:/g, "%3A");
}
