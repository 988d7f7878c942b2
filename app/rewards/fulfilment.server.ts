/**
 * The fulfilment queue: custom rewards (merchandise, experiences, events) a person hands
 * over. A request is a redemption of kind custom: issued = open (requested), fulfilled once
 * the merchant marks it; cancelling one is cancelRedemption by the merchant (points back).
 */
import type { Db } from "../db.server";
import { RedemptionNotFoundError, RequestNotOpenError } from "./errors";

export const FULFILMENT_FILTERS = ["open", "fulfilled", "cancelled"] as const;
export type FulfilmentFilter = (typeof FULFILMENT_FILTERS)[number];

const statusOf: Record<FulfilmentFilter, string> = { open: "issued", fulfilled: "fulfilled", cancelled: "cancelled" };

/** The shop's requests in one state, oldest first while open (the queue), newest first otherwise. */
export async function listFulfilmentRequests(db: Db, shopId: string, options: { status: FulfilmentFilter }) {
  return db.redemption.findMany({
    where: { shopId, kind: "custom", status: statusOf[options.status] },
    orderBy: { createdAt: options.status === "open" ? "asc" : "desc" },
    take: 200,
    select: {
      id: true,
      rewardId: true,
      rewardTitle: true,
      pointsSpent: true,
      status: true,
      createdAt: true,
      fulfilledAt: true,
      cancelledAt: true,
      merchantNote: true,
      member: { select: { id: true, customerId: true, email: true, firstName: true, lastName: true } },
    },
  });
}
export type FulfilmentRequest = Awaited<ReturnType<typeof listFulfilmentRequests>>[number];

/** Marks an open request fulfilled, once; another shop's or a missing id is not found. */
export async function fulfilRedemption(
  db: Db,
  input: { shopId: string; redemptionId: string; note?: string; now?: Date },
): Promise<void> {
  const claimed = await db.redemption.updateMany({
    where: { id: input.redemptionId, shopId: input.shopId, kind: "custom", status: "issued" },
    data: {
      status: "fulfilled",
      fulfilledAt: input.now ?? new Date(),
      ...(input.note?.trim() ? { merchantNote: input.note.trim().slice(0, 1000) } : {}),
    },
  });
  if (claimed.count === 1) return;
  const current = await db.redemption.findFirst({
    where: { id: input.redemptionId, shopId: input.shopId, kind: "custom" },
    select: { status: true },
  });
  if (!current) throw new RedemptionNotFoundError("No such request.");
  throw new RequestNotOpenError(current.status);
}
