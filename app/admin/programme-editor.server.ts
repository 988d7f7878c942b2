/**
 * The editor routes campaigns and challenges share on the server: "new" or a stored row of
 * the shop (anything else is a 404 the page's ErrorBoundary shows), and the Pause/Resume and
 * Archive posts. A row gone since (archived, another shop's) is the same 404.
 */
import { redirect } from "@remix-run/node";
import { adminUrl } from "./admin-url";
import { ProgrammeRowNotFoundError, type RowIntent } from "./programme-rows.server";

export function programmeRowNotFound(what: string): Response {
  return new Response(`This ${what} is not in your programme.`, { status: 404 });
}

/** The row an editor URL names: null for "new"; a 404 for an id that is not the shop's. */
export async function editedRow<R>(
  what: string,
  id: string | undefined,
  read: (id: string) => Promise<R | null>,
): Promise<{ isNew: boolean; found: R | null }> {
  const isNew = id === "new";
  const found = isNew ? null : await read(id ?? "");
  if (!isNew && !found) throw programmeRowNotFound(what);
  return { isNew, found };
}

/** Runs `work`; a row gone meanwhile answers the page's 404. */
export async function orRowNotFound<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ProgrammeRowNotFoundError) throw programmeRowNotFound(what);
    throw error;
  }
}

/**
 * An editor's Pause or Resume (answered `{ done }`) or Archive (back to the list); null when
 * the post is anything else (a save or preview), or for a row not stored yet.
 */
export async function editorRowIntent(
  request: Request,
  what: string,
  listPath: string,
  rowId: string | null,
  intent: string,
  apply: (id: string, intent: RowIntent) => Promise<void>,
) {
  if (!rowId) return null;
  if (intent === "pause" || intent === "resume") {
    await orRowNotFound(what, () => apply(rowId, intent));
    return { done: intent };
  }
  if (intent === "archive") {
    await orRowNotFound(what, () => apply(rowId, intent));
    return redirect(adminUrl(request, listPath));
  }
  return null;
}
