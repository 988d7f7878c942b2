import { applyCustomerWebhook } from "../../members/customer-events.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const customersUpdate = topicHandler(webhookPayloads.customer, (db, delivery, customer) =>
  applyCustomerWebhook(db, { ...delivery, topic: "CUSTOMERS_UPDATE", customer }),
);
