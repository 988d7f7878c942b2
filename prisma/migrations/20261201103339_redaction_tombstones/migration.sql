-- CreateTable
CREATE TABLE "RedactedCustomer" (
    "shopId" TEXT NOT NULL,
    "customerHash" TEXT NOT NULL,
    "redactedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shopId", "customerHash"),
    CONSTRAINT "RedactedCustomer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RedactedShop" (
    "domainHash" TEXT NOT NULL PRIMARY KEY,
    "redactedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);


-- Customers redacted before this migration: their anonymous member already carries the hash.
INSERT INTO "RedactedCustomer" ("shopId", "customerHash", "redactedAt")
SELECT "shopId", "customerId", "redactedAt" FROM "Member" WHERE "redactedAt" IS NOT NULL;
