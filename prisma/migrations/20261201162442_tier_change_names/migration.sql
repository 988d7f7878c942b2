-- AlterTable
ALTER TABLE "TierChange" ADD COLUMN "fromTierName" TEXT;
ALTER TABLE "TierChange" ADD COLUMN "toTierName" TEXT;

