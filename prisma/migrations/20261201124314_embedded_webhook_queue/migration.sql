-- CreateTable
CREATE TABLE "QueuedWebhook" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "queue" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "webhookId" TEXT,
    "triggeredAt" TEXT,
    "body" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAfter" DATETIME NOT NULL,
    "leaseUntil" DATETIME,
    "lastError" TEXT
);

-- CreateIndex
CREATE INDEX "QueuedWebhook_queue_leaseUntil_runAfter_idx" ON "QueuedWebhook"("queue", "leaseUntil", "runAfter");

