import { redactCustomer } from "../../compliance/compliance.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const customersRedact = topicHandler(webhookPayloads.customerCompliance, (db, delivery, body) =>
  redactCustomer(db, delivery.shopDomain, String(body.customer.id), {
    email: body.customer.email,
    orderIds: (body.orders_to_redact ?? []).map(String),
  }),
);
