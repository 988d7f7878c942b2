/** The events API's JSON answers: `{error, message}` for every refusal, never cached. */
import { EVENTS_API_ERRORS, type EventsApiErrorCode } from "../domain/events-api";

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers },
  });
}

/** The status comes from the catalogue, so a code cannot be answered with two statuses. */
export function apiError(
  code: EventsApiErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  return apiJson({ error: code, message, ...extra }, EVENTS_API_ERRORS[code], headers);
}
