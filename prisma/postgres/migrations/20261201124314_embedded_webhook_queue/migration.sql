-- CreateTable
CREATE TABLE "QueuedWebhook" (
    "id" SERIAL NOT NULL,
    "queue" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "webhookId" TEXT,
    "triggeredAt" TEXT,
    "body" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" TIMESTAMP(3) NOT NULL,
    "leaseUntil" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "QueuedWebhook_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "QueuedWebhook_queue_leaseUntil_runAfter_idx" ON "QueuedWebhook"("queue", "leaseUntil", "runAfter");

