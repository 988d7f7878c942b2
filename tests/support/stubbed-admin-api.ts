/**
 * Shopify's Admin API replaced at the HTTP layer (the shopify-api library's fetch), so the
 * app's real gateway builds and sends its requests: each test queues the answers Shopify
 * would give (documented shapes) and reads what was sent. Registers its own hooks.
 */
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeEach } from "vitest";

export interface CapturedRequest {
  body: { query: string; variables?: Record<string, unknown> };
}

export function useStubbedAdminApi() {
  const captured: CapturedRequest[] = [];
  const answers: (() => Response | Promise<Response>)[] = [];
  beforeEach(() => {
    captured.length = 0;
    answers.length = 0;
    setAbstractFetchFunc(async (_input, init) => {
      captured.push({ body: JSON.parse(String(init?.body)) });
      const next = answers.shift();
      if (!next) throw new Error("no answer prepared");
      return next();
    });
  });
  afterAll(() => setAbstractFetchFunc(globalThis.fetch));
  return { captured, answers };
}

/** A JSON answer as Shopify sends it. */
export const jsonAnswer = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
