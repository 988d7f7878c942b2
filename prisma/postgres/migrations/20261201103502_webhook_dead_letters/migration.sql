-- CreateTable
CREATE TABLE "WebhookDeadLetter" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "webhookId" TEXT,
    "triggeredAt" TEXT,
    "reason" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replayedAt" TIMESTAMP(3),
    "replayOutcome" TEXT,

    CONSTRAINT "WebhookDeadLetter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WebhookDeadLetter_shopDomain_replayedAt_receivedAt_idx" ON "WebhookDeadLetter"("shopDomain", "replayedAt", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDeadLetter_shopDomain_deliveryId_key" ON "WebhookDeadLetter"("shopDomain", "deliveryId");

