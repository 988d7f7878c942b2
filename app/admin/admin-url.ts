/**
 * Links back into the embedded admin after a form post. The embedded app's parameters
 * (shop, host...) are kept so that a reload after the redirect still opens inside the admin.
 */
const EMBEDDED_PARAMS = ["embedded", "shop", "host", "locale"];

export function adminUrl(request: Request, path: string, notice: Record<string, string> = {}): string {
  const current = new URL(request.url).searchParams;
  const params = new URLSearchParams();
  for (const key of EMBEDDED_PARAMS) {
    const value = current.get(key);
    if (value) params.set(key, value);
  }
  for (const [key, value] of Object.entries(notice)) params.set(key, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
