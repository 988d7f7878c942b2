/**
 * Points expiry, free of any database. A shop's policy is one of:
 *
 * - "never" (the default): points stay until spent;
 * - "fixed": points expire `months` calendar months after they were earned;
 * - "inactivity": all of a member's points expire `months` calendar months after their last
 *   activity (an earn or a redeem entry).
 *
 * Points are held in lots, one per crediting entry; spending and expiry take the oldest
 * lot first (by earnedAt, then id).
 */

export const EXPIRY_MODES = ["never", "fixed", "inactivity"] as const;
export type ExpiryMode = (typeof EXPIRY_MODES)[number];

export function isExpiryMode(value: unknown): value is ExpiryMode {
  return typeof value === "string" && (EXPIRY_MODES as readonly string[]).includes(value);
}

/** An unknown stored value (a newer app version, a hand edit) is read as "never": no points lost. */
export function expiryModeOf(value: unknown): ExpiryMode {
  return isExpiryMode(value) ? value : "never";
}

/**
 * `date` plus whole calendar months, in UTC, keeping the time of day. A day the target month
 * lacks becomes its last day: 31 January + 1 month = 28 (or 29) February.
 */
export function addCalendarMonths(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(
      year,
      month,
      day,
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
}

/** When points earned at `earnedAt` expire by date: only in "fixed" mode. */
export function lotExpiry(earnedAt: Date, mode: ExpiryMode, months: number): Date | null {
  if (mode !== "fixed") return null;
  return addCalendarMonths(earnedAt, months);
}

export interface Lot {
  id: string;
  remaining: number;
  earnedAt: Date;
  expiresAt?: Date | null;
}

/** Oldest first: by earnedAt, then id, so every instance orders equal dates alike. */
export function oldestFirst<T extends Pick<Lot, "id" | "earnedAt">>(lots: readonly T[]): T[] {
  return [...lots].sort(
    (a, b) => a.earnedAt.getTime() - b.earnedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export interface Consumption {
  /** The lots that lose points, oldest first, and how many each loses (> 0). */
  takes: { lotId: string; points: number }[];
  /** The part of `amount` no lot covered (a debit into a negative balance). */
  uncovered: number;
}

/** Which lots a debit of `amount` points consumes: oldest first, none below zero. */
export function consumeOldestFirst(lots: readonly Lot[], amount: number): Consumption {
  let left = Math.max(0, amount);
  const takes: Consumption["takes"] = [];
  for (const lot of oldestFirst(lots)) {
    if (left === 0) break;
    const points = Math.min(left, Math.max(0, lot.remaining));
    if (points === 0) continue;
    takes.push({ lotId: lot.id, points });
    left -= points;
  }
  return { takes, uncovered: left };
}

/**
 * How a posted entry moves the lots, given the member's balance before and after it.
 * Lots hold the positive part of the balance: a credit into a negative balance first pays
 * off the debt and only the rest becomes a lot; a debit consumes at most what was positive.
 */
export function lotMovement(balanceBefore: number, balanceAfter: number): { credit: number; debit: number } {
  const held = Math.max(0, balanceBefore);
  const holds = Math.max(0, balanceAfter);
  return { credit: Math.max(0, holds - held), debit: Math.max(0, held - holds) };
}

/** When a member with this last activity becomes inactive under the policy. */
export function inactivityDeadline(lastActivityAt: Date, months: number): Date {
  return addCalendarMonths(lastActivityAt, months);
}

export interface MemberExpiryState {
  balance: number;
  /** The member's last earn or redeem; when they never had one, when they joined. */
  lastActivityAt: Date;
  lots: readonly Lot[];
}

export type DueExpiry =
  | { kind: "none" }
  /** "fixed": these lots have passed their date; each loses its remaining points. */
  | { kind: "lots"; lots: { lotId: string; points: number }[] }
  /** "inactivity": the whole positive balance expires, and every lot with it. */
  | { kind: "inactivity"; points: number; lastActivityAt: Date };

/** What expires for one member at `now` under the shop's policy. */
export function dueForExpiry(
  policy: { mode: ExpiryMode; months: number },
  member: MemberExpiryState,
  now: Date,
): DueExpiry {
  if (policy.mode === "fixed") {
    const lots = oldestFirst(member.lots)
      .filter((lot) => lot.remaining > 0 && lot.expiresAt != null && lot.expiresAt.getTime() <= now.getTime())
      .map((lot) => ({ lotId: lot.id, points: lot.remaining }));
    return lots.length > 0 ? { kind: "lots", lots } : { kind: "none" };
  }
  if (policy.mode === "inactivity") {
    if (member.balance <= 0) return { kind: "none" };
    if (inactivityDeadline(member.lastActivityAt, policy.months).getTime() > now.getTime()) return { kind: "none" };
    return { kind: "inactivity", points: member.balance, lastActivityAt: member.lastActivityAt };
  }
  return { kind: "none" };
}

/**
 * The next expiry a member will see if nothing changes: the earliest date and the points
 * expiring then (in "fixed" mode, every lot with that same date). Null when nothing will.
 */
export function nextExpiry(
  policy: { mode: ExpiryMode; months: number },
  member: MemberExpiryState,
): { points: number; on: Date } | null {
  if (policy.mode === "fixed") {
    let on: Date | null = null;
    let points = 0;
    for (const lot of member.lots) {
      if (lot.remaining <= 0 || lot.expiresAt == null) continue;
      const at = lot.expiresAt.getTime();
      if (on === null || at < on.getTime()) {
        on = lot.expiresAt;
        points = lot.remaining;
      } else if (at === on.getTime()) {
        points += lot.remaining;
      }
    }
    return on === null ? null : { points, on };
  }
  if (policy.mode === "inactivity" && member.balance > 0) {
    return { points: member.balance, on: inactivityDeadline(member.lastActivityAt, policy.months) };
  }
  return null;
}
