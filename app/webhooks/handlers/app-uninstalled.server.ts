import { handleUninstall } from "../../compliance/compliance.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const appUninstalled = topicHandler(webhookPayloads.notRead, async (db, delivery, _payload, batch) => {
  try {
    return await handleUninstall(db, delivery.shopDomain);
  } finally {
    // The shop row changed (uninstalledAt): later deliveries of the batch read it again.
    batch.forgetShop(delivery.shopDomain);
  }
});
