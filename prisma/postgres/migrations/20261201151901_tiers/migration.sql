-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "tierGraceDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "tierMetric" TEXT NOT NULL DEFAULT 'points',
ADD COLUMN     "tierPeriod" TEXT NOT NULL DEFAULT 'lifetime';

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "tierEndsAt" TIMESTAMP(3),
ADD COLUMN     "tierId" TEXT,
ADD COLUMN     "tierSince" TIMESTAMP(3),
ADD COLUMN     "tierSource" TEXT;

-- AlterTable
ALTER TABLE "OrderAccount" ADD COLUMN     "earnComponents" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "Tier" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TierChange" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "fromTierId" TEXT,
    "toTierId" TEXT,
    "cause" TEXT NOT NULL,
    "reason" TEXT,
    "staff" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TierChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TierGrant" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "orderId" TEXT,
    "reason" TEXT,
    "staff" TEXT,
    "startsAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endsAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TierGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerFactsSync" (
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "facts" TEXT NOT NULL DEFAULT '{}',
    "syncedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerFactsSync_pkey" PRIMARY KEY ("shopId","memberId")
);

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

-- CreateIndex
CREATE INDEX "Member_shopId_tierId_idx" ON "Member"("shopId", "tierId");

-- AddForeignKey
ALTER TABLE "Member" ADD CONSTRAINT "Member_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tier" ADD CONSTRAINT "Tier_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierChange" ADD CONSTRAINT "TierChange_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierChange" ADD CONSTRAINT "TierChange_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierChange" ADD CONSTRAINT "TierChange_fromTierId_fkey" FOREIGN KEY ("fromTierId") REFERENCES "Tier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierChange" ADD CONSTRAINT "TierChange_toTierId_fkey" FOREIGN KEY ("toTierId") REFERENCES "Tier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierGrant" ADD CONSTRAINT "TierGrant_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierGrant" ADD CONSTRAINT "TierGrant_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierGrant" ADD CONSTRAINT "TierGrant_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerFactsSync" ADD CONSTRAINT "CustomerFactsSync_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

