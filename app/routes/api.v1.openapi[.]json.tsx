/**
 * GET /api/v1/openapi.json: the events API's reference (docs/api/events.openapi.json) with
 * this deployment's URL as its server, for Postman, Swagger UI or a client generator.
 */
import openapi from "../../docs/api/events.openapi.json";
import { env } from "../env.server";

export const loader = () =>
  new Response(JSON.stringify({ ...openapi, servers: [{ url: env.SHOPIFY_APP_URL }] }, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
