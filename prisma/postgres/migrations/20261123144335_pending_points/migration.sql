-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "pointsReleaseRule" TEXT NOT NULL DEFAULT 'payment',
ADD COLUMN     "returnWindowDays" INTEGER NOT NULL DEFAULT 30;

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "pending" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "OrderAccount" ADD COLUMN     "fulfilledAt" TIMESTAMP(3),
ADD COLUMN     "heldPoints" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "pointsState" TEXT NOT NULL DEFAULT 'none',
ADD COLUMN     "releasedPoints" INTEGER NOT NULL DEFAULT 0;


-- Backfill: orders paid before pending points existed had their points placed straight
-- on the balance; record them as released so nothing is placed twice.
UPDATE "OrderAccount" SET "pointsState" = 'released', "releasedPoints" = "earnedPoints"
WHERE "paidAt" IS NOT NULL AND "earnedPoints" > 0;
