-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "tierReviewAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Member_shopId_tierReviewAt_idx" ON "Member"("shopId", "tierReviewAt");

