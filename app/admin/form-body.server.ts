/**
 * The one way an admin action reads its form. Remix's forms post
 * `application/x-www-form-urlencoded` or `multipart/form-data`; anything else (JSON, text,
 * no type at all) is refused with 415, and a body that claims to be a form but cannot be read
 * (a broken multipart boundary) with 400. Both are thrown as responses with a code and a
 * message, so an action never turns a client's mistake into a 500.
 */
import { mediaTypeOf } from "../domain/media-type";

export const FORM_MEDIA_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"] as const;

export type AdminFormErrorCode = "unsupported_media_type" | "unreadable_form";

function refusal(status: 400 | 415, error: AdminFormErrorCode, message: string): Response {
  return new Response(JSON.stringify({ error, message }), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** The posted form, or a thrown 415/400 response explaining why it cannot be used. */
export async function readAdminForm(request: Request): Promise<FormData> {
  const type = mediaTypeOf(request.headers.get("content-type"));
  if (!type || !(FORM_MEDIA_TYPES as readonly string[]).includes(type)) {
    throw refusal(
      415,
      "unsupported_media_type",
      `Admin forms are posted as ${FORM_MEDIA_TYPES.join(" or ")}; this request was ${type ?? "sent without a readable Content-Type"}.`,
    );
  }
  try {
    return await request.formData();
  } catch {
    throw refusal(400, "unreadable_form", "The form could not be read. Reload the page and try again.");
  }
}
