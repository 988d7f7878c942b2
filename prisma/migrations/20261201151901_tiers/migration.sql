-- CreateTable
CREATE TABLE "Tier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "threshold" BIGINT NOT NULL DEFAULT 0,
    "hidden" BOOLEAN NOT NULL DEFAULT false,
    "multiplierHundredths" INTEGER NOT NULL DEFAULT 100,
    "multiplyEngagement" BOOLEAN NOT NULL DEFAULT false,
    "entryRewardPoints" INTEGER NOT NULL DEFAULT 0,
    "birthdayBonusPoints" INTEGER NOT NULL DEFAULT 0,
    "shopifyPerks" TEXT NOT NULL DEFAULT '[]',
    "textPerks" TEXT NOT NULL DEFAULT '[]',
    "paidProductId" TEXT,
    "paidProductTag" TEXT,
    "paidMonths" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Tier_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TierChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "fromTierId" TEXT,
    "toTierId" TEXT,
    "cause" TEXT NOT NULL,
    "reason" TEXT,
    "staff" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TierChange_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TierChange_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TierChange_fromTierId_fkey" FOREIGN KEY ("fromTierId") REFERENCES "Tier" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "TierChange_toTierId_fkey" FOREIGN KEY ("toTierId") REFERENCES "Tier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TierGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "orderId" TEXT,
    "reason" TEXT,
    "staff" TEXT,
    "startsAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endsAt" DATETIME,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TierGrant_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TierGrant_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TierGrant_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CustomerFactsSync" (
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "facts" TEXT NOT NULL DEFAULT '{}',
    "syncedAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "memberId"),
    CONSTRAINT "CustomerFactsSync_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "pointsPerUnit" INTEGER NOT NULL DEFAULT 1,
    "reversalPolicy" TEXT NOT NULL DEFAULT 'allow_negative',
    "pointsReleaseRule" TEXT NOT NULL DEFAULT 'payment',
    "returnWindowDays" INTEGER NOT NULL DEFAULT 30,
    "expiryMode" TEXT NOT NULL DEFAULT 'never',
    "expiryMonths" INTEGER NOT NULL DEFAULT 12,
    "timeZone" TEXT NOT NULL DEFAULT 'UTC',
    "engagementPaused" BOOLEAN NOT NULL DEFAULT false,
    "eventsSecret" TEXT,
    "tierMetric" TEXT NOT NULL DEFAULT 'points',
    "tierPeriod" TEXT NOT NULL DEFAULT 'lifetime',
    "tierGraceDays" INTEGER NOT NULL DEFAULT 30,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "currencyCode", "domain", "engagementPaused", "eventsSecret", "expiryMode", "expiryMonths", "id", "installedAt", "pointsPerUnit", "pointsReleaseRule", "returnWindowDays", "reversalPolicy", "timeZone", "uninstalledAt", "updatedAt") SELECT "createdAt", "currencyCode", "domain", "engagementPaused", "eventsSecret", "expiryMode", "expiryMonths", "id", "installedAt", "pointsPerUnit", "pointsReleaseRule", "returnWindowDays", "reversalPolicy", "timeZone", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");
CREATE TABLE "new_Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "email" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "searchText" TEXT NOT NULL DEFAULT '',
    "balance" INTEGER NOT NULL DEFAULT 0,
    "pending" INTEGER NOT NULL DEFAULT 0,
    "lifetimeEarned" INTEGER NOT NULL DEFAULT 0,
    "lifetimeRedeemed" INTEGER NOT NULL DEFAULT 0,
    "lastActivityAt" DATETIME,
    "verifiedEmail" BOOLEAN NOT NULL DEFAULT false,
    "customerCreatedAt" DATETIME,
    "birthday" TEXT,
    "profileSyncedAt" DATETIME,
    "referralCode" TEXT,
    "referredByCustomerId" TEXT,
    "redactedAt" DATETIME,
    "tierId" TEXT,
    "tierSource" TEXT,
    "tierSince" DATETIME,
    "tierEndsAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Member_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Member_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Member" ("balance", "birthday", "createdAt", "customerCreatedAt", "customerId", "email", "firstName", "id", "lastActivityAt", "lastName", "lifetimeEarned", "lifetimeRedeemed", "pending", "profileSyncedAt", "redactedAt", "referralCode", "referredByCustomerId", "searchText", "shopId", "updatedAt", "verifiedEmail") SELECT "balance", "birthday", "createdAt", "customerCreatedAt", "customerId", "email", "firstName", "id", "lastActivityAt", "lastName", "lifetimeEarned", "lifetimeRedeemed", "pending", "profileSyncedAt", "redactedAt", "referralCode", "referredByCustomerId", "searchText", "shopId", "updatedAt", "verifiedEmail" FROM "Member";
DROP TABLE "Member";
ALTER TABLE "new_Member" RENAME TO "Member";
CREATE INDEX "Member_shopId_createdAt_idx" ON "Member"("shopId", "createdAt");
CREATE INDEX "Member_shopId_tierId_idx" ON "Member"("shopId", "tierId");
CREATE UNIQUE INDEX "Member_shopId_customerId_key" ON "Member"("shopId", "customerId");
CREATE UNIQUE INDEX "Member_shopId_referralCode_key" ON "Member"("shopId", "referralCode");
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
    "earnComponents" TEXT NOT NULL DEFAULT '[]',
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
INSERT INTO "new_OrderAccount" ("cancelledAt", "createdAt", "currencyCode", "earnedPoints", "fulfilledAt", "heldPoints", "memberId", "orderId", "paidAt", "pointsState", "refundedMinor", "releasedPoints", "reversedPoints", "shopId", "shortfallPoints", "spendAwards", "spendMinor", "updatedAt") SELECT "cancelledAt", "createdAt", "currencyCode", "earnedPoints", "fulfilledAt", "heldPoints", "memberId", "orderId", "paidAt", "pointsState", "refundedMinor", "releasedPoints", "reversedPoints", "shopId", "shortfallPoints", "spendAwards", "spendMinor", "updatedAt" FROM "OrderAccount";
DROP TABLE "OrderAccount";
ALTER TABLE "new_OrderAccount" RENAME TO "OrderAccount";
CREATE INDEX "OrderAccount_shopId_memberId_idx" ON "OrderAccount"("shopId", "memberId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Tier_shopId_position_idx" ON "Tier"("shopId", "position");

-- CreateIndex
CREATE INDEX "TierChange_shopId_memberId_createdAt_idx" ON "TierChange"("shopId", "memberId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "TierChange_shopId_idempotencyKey_key" ON "TierChange"("shopId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "TierGrant_shopId_memberId_idx" ON "TierGrant"("shopId", "memberId");

-- CreateIndex
CREATE UNIQUE INDEX "TierGrant_shopId_source_orderId_tierId_key" ON "TierGrant"("shopId", "source", "orderId", "tierId");

