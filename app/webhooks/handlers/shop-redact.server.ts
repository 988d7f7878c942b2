import { redactShop } from "../../compliance/compliance.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const shopRedact = topicHandler(webhookPayloads.notRead, async (db, delivery, _payload, batch) => {
  try {
    return await redactShop(db, delivery.shopDomain);
  } finally {
    // The shop is gone: a later delivery of the batch must not write under its old row.
    batch.forgetShop(delivery.shopDomain);
  }
});
