-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OrderAccount" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "memberId" TEXT,
    "spendMinor" INTEGER NOT NULL DEFAULT 0,
    "earnedPoints" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,
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
INSERT INTO "new_OrderAccount" ("cancelledAt", "createdAt", "earnedPoints", "fulfilledAt", "heldPoints", "memberId", "orderId", "paidAt", "pointsState", "refundedMinor", "releasedPoints", "reversedPoints", "shopId", "shortfallPoints", "spendMinor", "updatedAt") SELECT "cancelledAt", "createdAt", "earnedPoints", "fulfilledAt", "heldPoints", "memberId", "orderId", "paidAt", "pointsState", "refundedMinor", "releasedPoints", "reversedPoints", "shopId", "shortfallPoints", "spendMinor", "updatedAt" FROM "OrderAccount";
DROP TABLE "OrderAccount";
ALTER TABLE "new_OrderAccount" RENAME TO "OrderAccount";
CREATE INDEX "OrderAccount_shopId_memberId_idx" ON "OrderAccount"("shopId", "memberId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

