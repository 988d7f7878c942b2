-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "campaignStacking" TEXT NOT NULL DEFAULT 'multiply';

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "customerTags" TEXT NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Redemption" ADD COLUMN     "challengeCompletionId" TEXT;

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "translations" TEXT NOT NULL DEFAULT '{}',
    "effect" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Challenge" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "translations" TEXT NOT NULL DEFAULT '{}',
    "definition" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Challenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChallengeContribution" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "window" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "orderId" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChallengeContribution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChallengeCompletion" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "window" TEXT NOT NULL,
    "step" INTEGER NOT NULL DEFAULT 0,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "points" INTEGER NOT NULL DEFAULT 0,
    "rewardId" TEXT,
    "causeKey" TEXT,
    "completedAt" TIMESTAMP(3) NOT NULL,
    "reversedAt" TIMESTAMP(3),
    "reversalReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChallengeCompletion_pkey" PRIMARY KEY ("id")
);

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
CREATE UNIQUE INDEX "ChallengeCompletion_shopId_challengeId_memberId_window_step_key" ON "ChallengeCompletion"("shopId", "challengeId", "memberId", "window", "step", "attempt");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_challengeCompletionId_key" ON "Redemption"("challengeCompletionId");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Challenge" ADD CONSTRAINT "Challenge_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeContribution" ADD CONSTRAINT "ChallengeContribution_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeContribution" ADD CONSTRAINT "ChallengeContribution_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeContribution" ADD CONSTRAINT "ChallengeContribution_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeCompletion" ADD CONSTRAINT "ChallengeCompletion_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeCompletion" ADD CONSTRAINT "ChallengeCompletion_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChallengeCompletion" ADD CONSTRAINT "ChallengeCompletion_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

