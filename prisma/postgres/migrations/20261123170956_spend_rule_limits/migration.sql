-- AlterTable
ALTER TABLE "OrderAccount" ADD COLUMN     "spendAwards" TEXT NOT NULL DEFAULT '[]';

