-- CreateTable
CREATE TABLE "OrderFact" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "placedAt" DATETIME NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "refundedMinor" BIGINT NOT NULL DEFAULT 0,
    "currencyCode" TEXT NOT NULL,
    "memberId" TEXT,
    "buyerKey" TEXT,
    "source" TEXT NOT NULL DEFAULT 'webhook',
    "cancelledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "orderId"),
    CONSTRAINT "OrderFact_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PointsImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "leaseUntil" DATETIME,
    "appliedAt" DATETIME,
    "revertedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "PointsImport_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

    PRIMARY KEY ("importId", "line"),
    CONSTRAINT "PointsImportRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "PointsImport" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderBackfill" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "since" DATETIME NOT NULL,
    "awardPoints" BOOLEAN NOT NULL DEFAULT false,
    "ordersSeen" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "leaseUntil" DATETIME,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "OrderBackfill_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

