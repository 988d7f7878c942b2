-- CreateTable
CREATE TABLE "RedactedCustomer" (
    "shopId" TEXT NOT NULL,
    "customerHash" TEXT NOT NULL,
    "redactedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RedactedCustomer_pkey" PRIMARY KEY ("shopId","customerHash")
);

-- CreateTable
CREATE TABLE "RedactedShop" (
    "domainHash" TEXT NOT NULL,
    "redactedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RedactedShop_pkey" PRIMARY KEY ("domainHash")
);

-- AddForeignKey
ALTER TABLE "RedactedCustomer" ADD CONSTRAINT "RedactedCustomer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Customers redacted before this migration: their anonymous member already carries the hash.
INSERT INTO "RedactedCustomer" ("shopId", "customerHash", "redactedAt")
SELECT "shopId", "customerId", "redactedAt" FROM "Member" WHERE "redactedAt" IS NOT NULL;
