import { adminUrl } from "../../admin/admin-url";

/** The rules list after a form post, inside the embedded admin (app/admin/admin-url.ts). */
export function rulesListUrl(request: Request, notice: Record<string, string> = {}): string {
  return adminUrl(request, "/app/rules", notice);
}
