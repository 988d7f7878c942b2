/**
 * The shop's dead letters, counted, with the newest few: what the Settings banner
 * (app/components/DeadLettersBanner.tsx) loads. A resource route: JSON, no page.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { authenticate } from "../shopify.server";
import { deadLetterSummary } from "../webhooks/dead-letters.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const summary = await deadLetterSummary(db, session.shop);
  return {
    shopDomain: session.shop,
    count: summary.count,
    newest: summary.newest.map((letter) => ({ ...letter, receivedAt: letter.receivedAt.toISOString() })),
  };
};

export type DeadLettersData = Awaited<ReturnType<typeof loader>>;
