import { handleUninstall } from "../../compliance/compliance.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const appUninstalled = topicHandler(webhookPayloads.notRead, (db, delivery) =>
  handleUninstall(db, delivery.shopDomain),
);
