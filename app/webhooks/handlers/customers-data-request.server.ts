import { compileDataRequest } from "../../compliance/compliance.server";
import { topicHandler } from "../handler";
import { webhookPayloads } from "../payloads";

export const customersDataRequest = topicHandler(webhookPayloads.customerCompliance, (db, delivery, body) =>
  compileDataRequest(db, delivery.shopDomain, String(body.customer.id), body.data_request?.id?.toString() ?? null),
);
