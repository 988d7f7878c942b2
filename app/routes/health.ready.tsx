/**
 * GET /health/ready: 200 {"status":"ready","queue":{…}} when the database answers and the
 * delivery queue opens, 503 {"status":"unavailable","reason":…} otherwise
 * (app/observability/readiness.server.ts). No authentication: it names no shop and no secret.
 *
 * A Remix resource route rather than an Express route in server.ts: it then answers wherever
 * the app is served (`npm start` and the demo through server.ts, `shopify app dev` under Remix
 * alone), and tests call it as they call every other route. It costs no more than Express
 * would, since a resource route runs no root loader and renders nothing.
 */
import { db } from "../db.server";
import { readinessResponse } from "../observability/readiness.server";

export const loader = () => readinessResponse(db);
