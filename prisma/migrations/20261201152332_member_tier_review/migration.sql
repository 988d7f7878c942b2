-- AlterTable
ALTER TABLE "Member" ADD COLUMN "tierReviewAt" DATETIME;

-- CreateIndex
CREATE INDEX "Member_shopId_tierReviewAt_idx" ON "Member"("shopId", "tierReviewAt");

