/**
 * POST /api/v1/events, from raw request to answer: size, the idempotency key's form, the
 * signature (over timestamp, key and body) and freshness, the body, the action, the
 * anti-farming limits, then the award through the one award path (app/rules/award.server.ts),
 * recorded with its receipt in one transaction. The order matters: nothing is looked up for a
 * request before it is authenticated (the key's form is checked first because it is signed), and nothing
 * is counted or written for a request refused before the limits (docs/decisions/0010).
 */
import { whenCustomerRedacted } from "../compliance/redactions.server";
import type { Db } from "../db.server";
import { eventRateLimits } from "../domain/anti-farming";
import {
  bodyHash,
  HEADERS,
  idempotencyKeySchema,
  MAX_BODY_BYTES,
  parseEventRequestBody,
  sameActionKey,
} from "../domain/events-api";
import { toRuleEvent } from "../domain/reported-event";
import { readBodyUpTo } from "../http/read-body";
import type { Refusal, Rule } from "../domain/rules";
import { awardInTransaction } from "../rules/award.server";
import { readLiveChallenges } from "../challenges/challenges.server";
import { NO_FOLLOW_UPS, runChallengeFollowUps } from "../challenges/grants.server";
import { customActionKeyOf } from "../domain/challenges/contributions";
import type { Challenge } from "../domain/challenges/definition";
import { hitRateLimits } from "../rules/rate-limit.server";
import { rulesForEvaluation } from "../rules/rules.server";
import { settleCustomerTier } from "../tiers/movement.server";
import { authenticateEventsCaller } from "./authenticate.server";
import { findReceipt, processOnce, type Receipt } from "./receipts.server";
import { apiError, apiJson } from "./responses.server";

/** The 200 answer; also what a replayed key gets back as `original`. */
export interface EventAnswer {
  awards: { ruleId: string; points: number; reason: string }[];
  refusals: Refusal[];
  balance: number;
}

export async function handleEventsRequest(db: Db, request: Request, now = new Date()): Promise<Response> {
  if (request.method !== "POST") return apiError("method_not_allowed", "Send events with POST.", {}, { Allow: "POST" });
  const rawBody = await readBodyUpTo(request, MAX_BODY_BYTES);
  if (!rawBody) return apiError("payload_too_large", `An event body can be at most ${MAX_BODY_BYTES} bytes.`);

  // The key is part of what is signed, so a request without a usable one is told so first
  // (it says nothing about the shop or its secret).
  const key = idempotencyKeySchema.safeParse(request.headers.get(HEADERS.idempotencyKey) ?? undefined);
  if (!key.success)
    return apiError("invalid_idempotency_key", key.error.issues[0]?.message ?? "Send a valid Idempotency-Key header.");
  const idempotencyKey = key.data;

  const caller = await authenticateEventsCaller(db, request.headers, rawBody, now);
  if (!caller.ok) return caller.response;
  const { shop } = caller;
  const hash = bodyHash(rawBody);

  const earlier = await findEarlierAnswer(db, shop.id, idempotencyKey, hash);
  if (earlier) return earlier;

  const parsed = parseEventRequestBody(rawBody);
  if (!parsed.ok) {
    const message = parsed.issues
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .join(" ");
    return apiError("invalid_body", message, { issues: parsed.issues });
  }
  const body = parsed.body;
  const rules = await rulesForEvaluation(db, shop.id);
  const challenges = await readLiveChallenges(db, shop.id);
  if (body.type === "custom" && !hasCustomRule(rules, body.action) && !hasCustomChallenge(challenges, body.action)) {
    return apiError(
      "unknown_action",
      `This shop has no custom earning rule or challenge with the key "${body.action}". Create one under Earning rules or Challenges, or check the key on the Events API page.`,
    );
  }

  const limit = await hitRateLimits(db, shop.id, eventRateLimits("api", body.customerId), now);
  if (!limit.allowed) {
    return apiError(
      "rate_limited",
      `Too many events for this ${limit.limit.scope}; try again in ${limit.retryAfterSeconds} seconds.`,
      { retryAfterSeconds: limit.retryAfterSeconds },
      { "Retry-After": String(limit.retryAfterSeconds) },
    );
  }

  // Challenge rewards are issued once the award committed: the last attempt's are kept here.
  let followUps = NO_FOLLOW_UPS;
  const processing = processOnce(db, { shopId: shop.id, idempotencyKey, bodyHash: hash }, (tx) =>
    awardInTransaction(tx, {
      shop,
      customerId: body.customerId,
      event: toRuleEvent(body, idempotencyKey),
      rules,
      challenges,
      now,
    }).then((result) => {
      followUps = result.challengeFollowUps;
      return answerOf(result);
    }),
  );
  const outcome = await whenCustomerRedacted(processing, null);
  if (!outcome) {
    const message =
      "This customer's data was erased at their request (customers/redact); nothing is recorded for them.";
    return apiError("customer_redacted", message);
  }
  // A concurrent twin with the same key committed first: answer as to any retry.
  if (!outcome.processed) return answerToRepeat(outcome.receipt, hash);
  await runChallengeFollowUps(db, followUps);
  // Rule points count toward a points tier (app/tiers), settled at the clock's now (entries are dated so).
  if (outcome.response.awards.length > 0) await settleCustomerTier(db, shop.id, body.customerId);
  return apiJson(outcome.response);
}

/** A custom action a live challenge or streak counts is a known action too. */
function hasCustomChallenge(challenges: readonly Challenge[], action: string): boolean {
  return challenges.some((c) => {
    const key = customActionKeyOf(c);
    return key !== null && sameActionKey(key, action);
  });
}

function hasCustomRule(rules: readonly Rule[], action: string): boolean {
  return rules.some((rule) => rule.kind === "custom" && sameActionKey(rule.key, action));
}

async function findEarlierAnswer(
  db: Db,
  shopId: string,
  idempotencyKey: string,
  hash: string,
): Promise<Response | null> {
  const receipt = await findReceipt(db, shopId, idempotencyKey);
  return receipt ? answerToRepeat(receipt, hash) : null;
}

function answerToRepeat(receipt: Receipt, hash: string): Response {
  if (receipt.bodyHash !== hash) {
    return apiError(
      "idempotency_key_reused",
      "This Idempotency-Key was already used with a different body. Use a new key for each new event.",
    );
  }
  return apiError(
    "idempotency_key_replayed",
    "This event was already processed; nothing was awarded again. Its first answer is in `original`.",
    {
      original: receipt.response,
    },
  );
}

/** Awards the ledger already held (a duplicate) were not given by this request: say so. */
function answerOf(result: Awaited<ReturnType<typeof awardInTransaction>>): EventAnswer {
  const posted = result.awards.filter((award) => award.status === "posted");
  const duplicates: Refusal[] = result.awards
    .filter((award) => award.status === "duplicate")
    .map((award) => ({
      ruleId: award.ruleId,
      code: "already_awarded",
      message: "Points were already given for this.",
    }));
  return {
    awards: posted.map(({ ruleId, points, reason }) => ({ ruleId, points, reason })),
    refusals: [...result.refusals, ...duplicates],
    balance: result.balance,
  };
}
