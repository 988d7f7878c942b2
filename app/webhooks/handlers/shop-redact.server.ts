import { redactShop } from "../../compliance/compliance.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const shopRedact = topicHandler(webhookPayloads.notRead, (db, delivery) => redactShop(db, delivery.shopDomain));
