-- CreateTable
CREATE TABLE "TierSegment" (
    "shopId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "segmentId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TierSegment_pkey" PRIMARY KEY ("shopId","tierId")
);

-- CreateTable
CREATE TABLE "TierPerkDiscount" (
    "shopId" TEXT NOT NULL,
    "tierId" TEXT NOT NULL,
    "perk" TEXT NOT NULL,
    "discountId" TEXT NOT NULL,
    "spec" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TierPerkDiscount_pkey" PRIMARY KEY ("shopId","tierId","perk")
);

-- AddForeignKey
ALTER TABLE "TierSegment" ADD CONSTRAINT "TierSegment_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TierPerkDiscount" ADD CONSTRAINT "TierPerkDiscount_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

