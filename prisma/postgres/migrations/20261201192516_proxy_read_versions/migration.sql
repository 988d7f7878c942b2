-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "pagesSyncedVersion" INTEGER,
ADD COLUMN     "programVersion" INTEGER NOT NULL DEFAULT 0;

