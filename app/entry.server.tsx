import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { db } from "./db.server";
import { startWorkers } from "./queue/workers.server";
import { addDocumentResponseHeaders } from "./shopify.server";

// Under `remix vite:dev` (what `shopify app dev` runs) no server.ts starts the queue's workers:
// the dev server does, once, so webhooks sent to a dev store are processed. Built apps never do
// this (import.meta.env.DEV is false in a build); server.ts and `npm run worker` start them.
if (import.meta.env.DEV) void startWorkers(db);

export const streamTimeout = 5000;

/**
 * Remix logs every error a request meets. A URL the app has no route for (a scanner, a stale
 * bookmark) is answered with the 404 page and is the client's mistake: no stack trace for it,
 * so the log keeps the errors someone must read. Aborted requests are not logged, as by default.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status === 404) return;
  console.error(error);
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error) {
        reject(error);
      },
      onError(error) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}
