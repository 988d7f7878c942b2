/**
 * POST /api/v1/events: engagement events from the merchant's own systems (their mobile app,
 * a back office), signed with the shop's events secret. The protocol is in
 * app/domain/events-api.ts and docs/api/events.openapi.json; the work in app/events/.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { handleEventsRequest } from "../events/handle-event.server";
import { apiError } from "../events/responses.server";

export const action = ({ request }: ActionFunctionArgs) => handleEventsRequest(db, request);

export const loader = () => apiError("method_not_allowed", "Send events with POST.", {}, { Allow: "POST" });
