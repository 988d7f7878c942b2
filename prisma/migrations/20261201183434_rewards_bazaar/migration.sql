-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Reward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'amount_off',
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "imageUrl" TEXT,
    "translations" TEXT NOT NULL DEFAULT '{}',
    "costPoints" INTEGER NOT NULL,
    "valueMinor" INTEGER NOT NULL DEFAULT 0,
    "percentOff" INTEGER,
    "minimumOrderMinor" INTEGER,
    "maxShippingMinor" INTEGER,
    "productId" TEXT,
    "variantId" TEXT,
    "maxPoints" INTEGER,
    "stockRemaining" INTEGER,
    "limitPerCustomer" INTEGER,
    "limitPerPeriod" INTEGER,
    "limitPeriodDays" INTEGER,
    "redeemFrom" DATETIME,
    "redeemUntil" DATETIME,
    "showFrom" DATETIME,
    "showUntil" DATETIME,
    "minTierId" TEXT,
    "codeExpiryDays" INTEGER,
    "combinesWithOrder" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithProduct" BOOLEAN NOT NULL DEFAULT true,
    "combinesWithShipping" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Reward_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Reward_minTierId_fkey" FOREIGN KEY ("minTierId") REFERENCES "Tier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Reward" ("active", "costPoints", "createdAt", "id", "kind", "shopId", "title", "updatedAt", "valueMinor") SELECT "active", "costPoints", "createdAt", "id", "kind", "shopId", "title", "updatedAt", "valueMinor" FROM "Reward";
DROP TABLE "Reward";
ALTER TABLE "new_Reward" RENAME TO "Reward";
CREATE INDEX "Reward_shopId_active_idx" ON "Reward"("shopId", "active");
CREATE INDEX "Reward_shopId_position_idx" ON "Reward"("shopId", "position");
CREATE TABLE "new_Redemption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "rewardId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'amount_off',
    "rewardTitle" TEXT NOT NULL DEFAULT '',
    "pointsSpent" INTEGER NOT NULL,
    "valueMinor" INTEGER NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "code" TEXT,
    "status" TEXT NOT NULL,
    "discountId" TEXT,
    "storeCreditTransactionId" TEXT,
    "failureReason" TEXT,
    "expiresAt" DATETIME,
    "usedAt" DATETIME,
    "usedOrderId" TEXT,
    "cancelledAt" DATETIME,
    "cancelledBy" TEXT,
    "fulfilledAt" DATETIME,
    "merchantNote" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Redemption_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Redemption_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Redemption_rewardId_fkey" FOREIGN KEY ("rewardId") REFERENCES "Reward" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Redemption" ("code", "createdAt", "currencyCode", "discountId", "failureReason", "id", "memberId", "pointsSpent", "rewardId", "shopId", "status", "updatedAt", "valueMinor") SELECT "code", "createdAt", "currencyCode", "discountId", "failureReason", "id", "memberId", "pointsSpent", "rewardId", "shopId", "status", "updatedAt", "valueMinor" FROM "Redemption";
DROP TABLE "Redemption";
ALTER TABLE "new_Redemption" RENAME TO "Redemption";
CREATE INDEX "Redemption_shopId_memberId_createdAt_idx" ON "Redemption"("shopId", "memberId", "createdAt");
CREATE INDEX "Redemption_shopId_rewardId_memberId_status_idx" ON "Redemption"("shopId", "rewardId", "memberId", "status");
CREATE INDEX "Redemption_shopId_kind_status_idx" ON "Redemption"("shopId", "kind", "status");
CREATE UNIQUE INDEX "Redemption_shopId_code_key" ON "Redemption"("shopId", "code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

