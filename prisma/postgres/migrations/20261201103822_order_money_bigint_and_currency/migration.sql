-- AlterTable
ALTER TABLE "OrderAccount" ADD COLUMN     "currencyCode" TEXT,
ALTER COLUMN "spendMinor" SET DATA TYPE BIGINT,
ALTER COLUMN "refundedMinor" SET DATA TYPE BIGINT;

-- AlterTable
ALTER TABLE "OrderRefund" ALTER COLUMN "amountMinor" SET DATA TYPE BIGINT;


-- Data: "Earned all time" counts staff adjustments from now on (docs/decisions/0015), so the
-- cached figure takes in the ones already posted; reconciliation rebuilds the same.
UPDATE "Member" SET "lifetimeEarned" = "lifetimeEarned" + COALESCE((
  SELECT SUM(e."points") FROM "LedgerEntry" e
  WHERE e."shopId" = "Member"."shopId" AND e."memberId" = "Member"."id" AND e."kind" = 'adjust' AND e."causeType" = 'staff'
), 0);
