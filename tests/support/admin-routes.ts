/** Calling the admin's Remix routes in integration tests: form posts, route params, JSON answers. */
import type { callRoute } from "./signed-requests";

/** A urlencoded form post, as Remix's forms send it. */
export function formPost(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}

/** A loader or action with the route's params filled in (":rewardId" and the like). */
export const withParams = <T extends (args: never) => unknown>(route: T, params: Record<string, string>) =>
  ((args: object) => route({ ...args, params } as never)) as unknown as Parameters<typeof callRoute>[0];

export const json = async (response: Response) => JSON.parse(await response.text());
