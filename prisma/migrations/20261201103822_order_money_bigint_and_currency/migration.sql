-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OrderAccount" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "memberId" TEXT,
    "currencyCode" TEXT,
    "spendMinor" BIGINT NOT NULL DEFAULT 0,
    "earnedPoints" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" BIGINT NOT NULL DEFAULT 0,
    "reversedPoints" INTEGER NOT NULL DEFAULT 0,
    "shortfallPoints" INTEGER NOT NULL DEFAULT 0,
    "spendAwards" TEXT NOT NULL DEFAULT '[]',
    "pointsState" TEXT NOT NULL DEFAULT 'none',
    "heldPoints" INTEGER NOT NULL DEFAULT 0,
    "releasedPoints" INTEGER NOT NULL DEFAULT 0,
    "fulfilledAt" DATETIME,
    "paidAt" DATETIME,
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "orderId"),
    CONSTRAINT "OrderAccount_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OrderAccount" ("cancelledAt", "createdAt", "earnedPoints", "fulfilledAt", "heldPoints", "memberId", "orderId", "paidAt", "pointsState", "refundedMinor", "releasedPoints", "reversedPoints", "shopId", "shortfallPoints", "spendAwards", "spendMinor", "updatedAt") SELECT "cancelledAt", "createdAt", "earnedPoints", "fulfilledAt", "heldPoints", "memberId", "orderId", "paidAt", "pointsState", "refundedMinor", "releasedPoints", "reversedPoints", "shopId", "shortfallPoints", "spendAwards", "spendMinor", "updatedAt" FROM "OrderAccount";
DROP TABLE "OrderAccount";
ALTER TABLE "new_OrderAccount" RENAME TO "OrderAccount";
CREATE INDEX "OrderAccount_shopId_memberId_idx" ON "OrderAccount"("shopId", "memberId");
CREATE TABLE "new_OrderRefund" (
    "shopId" TEXT NOT NULL,
    "refundId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shopId", "refundId"),
    CONSTRAINT "OrderRefund_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OrderRefund" ("amountMinor", "createdAt", "orderId", "refundId", "shopId") SELECT "amountMinor", "createdAt", "orderId", "refundId", "shopId" FROM "OrderRefund";
DROP TABLE "OrderRefund";
ALTER TABLE "new_OrderRefund" RENAME TO "OrderRefund";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Data: "Earned all time" counts staff adjustments from now on (docs/decisions/0015), so the
-- cached figure takes in the ones already posted; reconciliation rebuilds the same.
UPDATE "Member" SET "lifetimeEarned" = "lifetimeEarned" + COALESCE((
  SELECT SUM(e."points") FROM "LedgerEntry" e
  WHERE e."shopId" = "Member"."shopId" AND e."memberId" = "Member"."id" AND e."kind" = 'adjust' AND e."causeType" = 'staff'
), 0);
