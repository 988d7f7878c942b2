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
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "currencyCode", "domain", "expiryMode", "expiryMonths", "id", "installedAt", "pointsPerUnit", "reversalPolicy", "uninstalledAt", "updatedAt") SELECT "createdAt", "currencyCode", "domain", "expiryMode", "expiryMonths", "id", "installedAt", "pointsPerUnit", "reversalPolicy", "uninstalledAt", "updatedAt" FROM "Shop";
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
    "redactedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Member_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Member" ("balance", "createdAt", "customerId", "email", "firstName", "id", "lastActivityAt", "lastName", "lifetimeEarned", "lifetimeRedeemed", "redactedAt", "searchText", "shopId", "updatedAt") SELECT "balance", "createdAt", "customerId", "email", "firstName", "id", "lastActivityAt", "lastName", "lifetimeEarned", "lifetimeRedeemed", "redactedAt", "searchText", "shopId", "updatedAt" FROM "Member";
DROP TABLE "Member";
ALTER TABLE "new_Member" RENAME TO "Member";
CREATE INDEX "Member_shopId_createdAt_idx" ON "Member"("shopId", "createdAt");
CREATE UNIQUE INDEX "Member_shopId_customerId_key" ON "Member"("shopId", "customerId");
CREATE TABLE "new_OrderAccount" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "memberId" TEXT,
    "spendMinor" INTEGER NOT NULL DEFAULT 0,
    "earnedPoints" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,
    "reversedPoints" INTEGER NOT NULL DEFAULT 0,
    "shortfallPoints" INTEGER NOT NULL DEFAULT 0,
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
INSERT INTO "new_OrderAccount" ("cancelledAt", "createdAt", "earnedPoints", "memberId", "orderId", "paidAt", "refundedMinor", "reversedPoints", "shopId", "shortfallPoints", "spendMinor", "updatedAt") SELECT "cancelledAt", "createdAt", "earnedPoints", "memberId", "orderId", "paidAt", "refundedMinor", "reversedPoints", "shopId", "shortfallPoints", "spendMinor", "updatedAt" FROM "OrderAccount";
DROP TABLE "OrderAccount";
ALTER TABLE "new_OrderAccount" RENAME TO "OrderAccount";
CREATE INDEX "OrderAccount_shopId_memberId_idx" ON "OrderAccount"("shopId", "memberId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- Backfill: orders paid before pending points existed had their points placed straight
-- on the balance; record them as released so nothing is placed twice.
UPDATE "OrderAccount" SET "pointsState" = 'released', "releasedPoints" = "earnedPoints"
WHERE "paidAt" IS NOT NULL AND "earnedPoints" > 0;
