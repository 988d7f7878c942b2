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
    "programVersion" INTEGER NOT NULL DEFAULT 0,
    "pagesSyncedVersion" INTEGER,
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "currencyCode", "domain", "engagementPaused", "eventsSecret", "expiryMode", "expiryMonths", "id", "installedAt", "pointsPerUnit", "pointsReleaseRule", "returnWindowDays", "reversalPolicy", "tierGraceDays", "tierMetric", "tierPeriod", "timeZone", "uninstalledAt", "updatedAt") SELECT "createdAt", "currencyCode", "domain", "engagementPaused", "eventsSecret", "expiryMode", "expiryMonths", "id", "installedAt", "pointsPerUnit", "pointsReleaseRule", "returnWindowDays", "reversalPolicy", "tierGraceDays", "tierMetric", "tierPeriod", "timeZone", "uninstalledAt", "updatedAt" FROM "Shop";
DROP TABLE "Shop";
ALTER TABLE "new_Shop" RENAME TO "Shop";
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

