-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "expiryMode" TEXT NOT NULL DEFAULT 'never',
ADD COLUMN     "expiryMonths" INTEGER NOT NULL DEFAULT 12;

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "lastActivityAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PointLot" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "entryId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "remaining" INTEGER NOT NULL,
    "earnedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3),

    CONSTRAINT "PointLot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PointLot_entryId_key" ON "PointLot"("entryId");

-- CreateIndex
CREATE INDEX "PointLot_shopId_memberId_earnedAt_idx" ON "PointLot"("shopId", "memberId", "earnedAt");

-- CreateIndex
CREATE INDEX "PointLot_shopId_expiresAt_idx" ON "PointLot"("shopId", "expiresAt");

-- AddForeignKey
ALTER TABLE "PointLot" ADD CONSTRAINT "PointLot_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointLot" ADD CONSTRAINT "PointLot_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PointLot" ADD CONSTRAINT "PointLot_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "LedgerEntry"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill (written by hand, the same for both databases): expiry starts from what members
-- hold now. A member's positive balance becomes one lot that never expires by date (every
-- shop starts on "never", and a later policy applies to points earned after it), dated and
-- linked by their latest crediting entry, so it is spent before anything earned later.
-- A member's last earn or redeem entry becomes their last activity.
INSERT INTO "PointLot" ("id", "shopId", "memberId", "entryId", "amount", "remaining", "earnedAt", "expiresAt")
SELECT 'legacy_' || m."id", m."shopId", m."id", e."id", m."balance", m."balance", e."createdAt", NULL
FROM "Member" m
JOIN "LedgerEntry" e ON e."id" = (
    SELECT x."id" FROM "LedgerEntry" x
    WHERE x."memberId" = m."id" AND x."points" > 0
    ORDER BY x."createdAt" DESC, x."id" DESC
    LIMIT 1
)
WHERE m."balance" > 0;

UPDATE "Member" SET "lastActivityAt" = (
    SELECT MAX(e."createdAt") FROM "LedgerEntry" e
    WHERE e."memberId" = "Member"."id" AND e."kind" IN ('earn', 'redeem')
);
