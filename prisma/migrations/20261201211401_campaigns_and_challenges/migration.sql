-- AlterTable
ALTER TABLE "Redemption" ADD COLUMN "challengeCompletionId" TEXT;

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "translations" TEXT NOT NULL DEFAULT '{}',
    "effect" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Campaign_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Challenge" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "translations" TEXT NOT NULL DEFAULT '{}',
    "definition" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Challenge_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChallengeContribution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "window" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "orderId" TEXT,
    "occurredAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ChallengeContribution_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChallengeContribution_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChallengeContribution_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChallengeCompletion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "window" TEXT NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "points" INTEGER NOT NULL DEFAULT 0,
    "rewardId" TEXT,
    "causeKey" TEXT,
    "completedAt" DATETIME NOT NULL,
    "reversedAt" DATETIME,
    "reversalReason" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChallengeCompletion_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChallengeCompletion_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChallengeCompletion_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "programVersion" INTEGER NOT NULL DEFAULT 0,
    "pagesSyncedVersion" INTEGER,
    "campaignStacking" TEXT NOT NULL DEFAULT 'multiply',
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Shop" ("createdAt", "currencyCode", "domain", "engagementPaused", "eventsSecret", "expiryMode", "expiryMonths", "id", "installedAt", "pagesSyncedVersion", "pointsPerUnit", "pointsReleaseRule", "programVersion", "returnWindowDays", "reversalPolicy", "tierGraceDays", "tierMetric", "tierPeriod", "timeZone", "uninstalledAt", "updatedAt") SELECT "createdAt", "currencyCode", "domain", "engagementPaused", "eventsSecret", "expiryMode", "expiryMonths", "id", "installedAt", "pagesSyncedVersion", "pointsPerUnit", "pointsReleaseRule", "programVersion", "returnWindowDays", "reversalPolicy", "tierGraceDays", "tierMetric", "tierPeriod", "timeZone", "uninstalledAt", "updatedAt" FROM "Shop";
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
    "tierReviewAt" DATETIME,
    "customerTags" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Member_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Member_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Member" ("balance", "birthday", "createdAt", "customerCreatedAt", "customerId", "email", "firstName", "id", "lastActivityAt", "lastName", "lifetimeEarned", "lifetimeRedeemed", "pending", "profileSyncedAt", "redactedAt", "referralCode", "referredByCustomerId", "searchText", "shopId", "tierEndsAt", "tierId", "tierReviewAt", "tierSince", "tierSource", "updatedAt", "verifiedEmail") SELECT "balance", "birthday", "createdAt", "customerCreatedAt", "customerId", "email", "firstName", "id", "lastActivityAt", "lastName", "lifetimeEarned", "lifetimeRedeemed", "pending", "profileSyncedAt", "redactedAt", "referralCode", "referredByCustomerId", "searchText", "shopId", "tierEndsAt", "tierId", "tierReviewAt", "tierSince", "tierSource", "updatedAt", "verifiedEmail" FROM "Member";
DROP TABLE "Member";
ALTER TABLE "new_Member" RENAME TO "Member";
CREATE INDEX "Member_shopId_createdAt_idx" ON "Member"("shopId", "createdAt");
CREATE INDEX "Member_shopId_tierId_idx" ON "Member"("shopId", "tierId");
CREATE INDEX "Member_shopId_tierReviewAt_idx" ON "Member"("shopId", "tierReviewAt");
CREATE UNIQUE INDEX "Member_shopId_customerId_key" ON "Member"("shopId", "customerId");
CREATE UNIQUE INDEX "Member_shopId_referralCode_key" ON "Member"("shopId", "referralCode");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Campaign_shopId_position_idx" ON "Campaign"("shopId", "position");

-- CreateIndex
CREATE INDEX "Challenge_shopId_position_idx" ON "Challenge"("shopId", "position");

-- CreateIndex
CREATE INDEX "ChallengeContribution_shopId_memberId_challengeId_window_idx" ON "ChallengeContribution"("shopId", "memberId", "challengeId", "window");

-- CreateIndex
CREATE INDEX "ChallengeContribution_shopId_orderId_idx" ON "ChallengeContribution"("shopId", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "ChallengeContribution_shopId_challengeId_memberId_sourceKey_key" ON "ChallengeContribution"("shopId", "challengeId", "memberId", "sourceKey");

-- CreateIndex
CREATE INDEX "ChallengeCompletion_shopId_memberId_completedAt_idx" ON "ChallengeCompletion"("shopId", "memberId", "completedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChallengeCompletion_shopId_challengeId_memberId_window_step_attempt_key" ON "ChallengeCompletion"("shopId", "challengeId", "memberId", "window", "step", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_challengeCompletionId_key" ON "Redemption"("challengeCompletionId");

