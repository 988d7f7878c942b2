/**
 * Content-Type checks by the parsed media type, never by a substring: `text/plain;
 * x=application/json` names plain text (a form or fetch can send it cross-site without a CORS
 * preflight), so a check that merely finds "application/json" in the header is no check.
 */

/** The header's `type/subtype`, lowercased, with parameters and whitespace dropped; null if malformed. */
export function mediaTypeOf(contentType: string | null | undefined): string | null {
  const essence = (contentType ?? "").split(";", 1)[0]!.trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(essence) ? essence : null;
}

/** True only for `application/json` itself (any parameters, such as a charset, are ignored). */
export function isJsonContentType(contentType: string | null | undefined): boolean {
  return mediaTypeOf(contentType) === "application/json";
}
