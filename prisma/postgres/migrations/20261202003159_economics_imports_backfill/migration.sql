-- CreateTable
CREATE TABLE "OrderFact" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "placedAt" TIMESTAMP(3) NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "refundedMinor" BIGINT NOT NULL DEFAULT 0,
    "currencyCode" TEXT NOT NULL,
    "memberId" TEXT,
    "buyerKey" TEXT,
    "source" TEXT NOT NULL DEFAULT 'webhook',
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderFact_pkey" PRIMARY KEY ("shopId","orderId")
);

-- CreateTable
CREATE TABLE "PointsImport" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "preset" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "matchedRows" INTEGER NOT NULL DEFAULT 0,
    "unmatchedRows" INTEGER NOT NULL DEFAULT 0,
    "invalidRows" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "appliedRows" INTEGER NOT NULL DEFAULT 0,
    "failedRows" INTEGER NOT NULL DEFAULT 0,
    "totalPoints" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "staff" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "appliedAt" TIMESTAMP(3),
    "revertedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PointsImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PointsImportRow" (
    "importId" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "shopId" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT,
    "points" INTEGER,
    "tierName" TEXT,
    "birthday" TEXT,
    "referralCode" TEXT,
    "status" TEXT NOT NULL,
    "memberId" TEXT,
    "error" TEXT,
    "raw" TEXT NOT NULL,

    CONSTRAINT "PointsImportRow_pkey" PRIMARY KEY ("importId","line")
);

-- CreateTable
CREATE TABLE "OrderBackfill" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "since" TIMESTAMP(3) NOT NULL,
    "awardPoints" BOOLEAN NOT NULL DEFAULT false,
    "ordersSeen" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "OrderBackfill_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrderFact_shopId_placedAt_idx" ON "OrderFact"("shopId", "placedAt");

-- CreateIndex
CREATE INDEX "OrderFact_shopId_memberId_idx" ON "OrderFact"("shopId", "memberId");

-- CreateIndex
CREATE INDEX "OrderFact_shopId_buyerKey_idx" ON "OrderFact"("shopId", "buyerKey");

-- CreateIndex
CREATE INDEX "PointsImport_shopId_createdAt_idx" ON "PointsImport"("shopId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PointsImport_shopId_fileSha256_key" ON "PointsImport"("shopId", "fileSha256");

-- CreateIndex
CREATE INDEX "PointsImportRow_importId_status_idx" ON "PointsImportRow"("importId", "status");

-- CreateIndex
CREATE INDEX "PointsImportRow_shopId_memberId_idx" ON "PointsImportRow"("shopId", "memberId");

-- CreateIndex
CREATE INDEX "OrderBackfill_shopId_startedAt_idx" ON "OrderBackfill"("shopId", "startedAt");

-- AddForeignKey
ALTER TABLE "OrderFact" ADD CONSTRAINT "OrderFact_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointsImport" ADD CONSTRAINT "PointsImport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointsImportRow" ADD CONSTRAINT "PointsImportRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "PointsImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderBackfill" ADD CONSTRAINT "OrderBackfill_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

