-- AlterTable
ALTER TABLE "Reward" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "codeExpiryDays" INTEGER,
ADD COLUMN     "combinesWithOrder" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "combinesWithProduct" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "combinesWithShipping" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "imageUrl" TEXT,
ADD COLUMN     "limitPerCustomer" INTEGER,
ADD COLUMN     "limitPerPeriod" INTEGER,
ADD COLUMN     "limitPeriodDays" INTEGER,
ADD COLUMN     "maxPoints" INTEGER,
ADD COLUMN     "maxShippingMinor" INTEGER,
ADD COLUMN     "minTierId" TEXT,
ADD COLUMN     "minimumOrderMinor" INTEGER,
ADD COLUMN     "percentOff" INTEGER,
ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "productId" TEXT,
ADD COLUMN     "redeemFrom" TIMESTAMP(3),
ADD COLUMN     "redeemUntil" TIMESTAMP(3),
ADD COLUMN     "showFrom" TIMESTAMP(3),
ADD COLUMN     "showUntil" TIMESTAMP(3),
ADD COLUMN     "stockRemaining" INTEGER,
ADD COLUMN     "translations" TEXT NOT NULL DEFAULT '{}',
ADD COLUMN     "variantId" TEXT,
ALTER COLUMN "valueMinor" SET DEFAULT 0;

-- AlterTable
ALTER TABLE "Redemption" ADD COLUMN     "cancelledAt" TIMESTAMP(3),
ADD COLUMN     "cancelledBy" TEXT,
ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "fulfilledAt" TIMESTAMP(3),
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'amount_off',
ADD COLUMN     "merchantNote" TEXT,
ADD COLUMN     "rewardTitle" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "storeCreditTransactionId" TEXT,
ADD COLUMN     "usedAt" TIMESTAMP(3),
ADD COLUMN     "usedOrderId" TEXT,
ALTER COLUMN "code" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Reward_shopId_position_idx" ON "Reward"("shopId", "position");

-- CreateIndex
CREATE INDEX "Redemption_shopId_rewardId_memberId_status_idx" ON "Redemption"("shopId", "rewardId", "memberId", "status");

-- CreateIndex
CREATE INDEX "Redemption_shopId_kind_status_idx" ON "Redemption"("shopId", "kind", "status");

-- AddForeignKey
ALTER TABLE "Reward" ADD CONSTRAINT "Reward_minTierId_fkey" FOREIGN KEY ("minTierId") REFERENCES "Tier"("id") ON DELETE SET NULL ON UPDATE CASCADE;

