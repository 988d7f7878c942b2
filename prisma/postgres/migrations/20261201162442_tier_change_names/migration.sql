-- AlterTable
ALTER TABLE "TierChange" ADD COLUMN     "fromTierName" TEXT,
ADD COLUMN     "toTierName" TEXT;

