/**
 * Merchant-chosen page patterns. Only `*` is special, because merchants type these into a
 * text field: "/pages/lookbook", "/blogs/news/*". Matching is on the path alone (no host,
 * query or fragment), case-insensitive, trailing slash ignored, so tracking parameters and
 * "/Pages/Lookbook/" do not make a new page.
 */

/** The comparable path of a URL or path: "/pages/lookbook". */
export function pagePath(url: string): string {
  let path: string;
  try {
    path = new URL(url, "https://shop.invalid").pathname;
  } catch {
    path = url.split(/[?#]/)[0] ?? "";
  }
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A malformed escape: keep the raw path rather than refuse the visit.
  }
  return trimPath(decoded);
}

/** Lower case, no trailing slash ("/" stays "/"). */
function trimPath(path: string): string {
  return path.toLowerCase().replace(/\/+$/, "") || "/";
}

export function globToRegExp(pattern: string): RegExp {
  // Not through URL(): it would percent-encode "*" and resolve a leading "*" as relative.
  const normalised = trimPath(pattern.split(/[?#]/)[0] ?? "");
  const source = normalised
    .split("*")
    .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "i");
}

export function matchesGlob(pattern: string, url: string): boolean {
  return globToRegExp(pattern).test(pagePath(url));
}
