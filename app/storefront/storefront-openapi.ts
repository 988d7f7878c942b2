/**
 * docs/api/storefront.openapi.json, built: the storefront JSON API (the app proxy routes,
 * app/routes/proxy.*.tsx) with its schemas derived from the zod schemas the routes answer
 * with (./storefront-api.ts), the routes' errors, and how Shopify's app proxy signs a call.
 * `npm run openapi:storefront` writes the file; its test fails when the file is not what this
 * builds, when a route has no path, or when a real answer is not what the document says. Pure.
 */
import type { ZodTypeAny } from "zod";
import { widgetEventSchema } from "../domain/reported-event";
import { zodToJsonSchema, type JsonSchema } from "../domain/zod-json-schema";
import { profileUpdateSchema } from "./profile";
import {
  cancelAnswerSchema,
  cancelRequestSchema,
  customerViewSchema,
  earnedAnswerSchema,
  insufficientPointsSchema,
  invalidPointsSchema,
  lockedAnswerSchema,
  profileAnswerSchema,
  proxyErrorSchema,
  redeemAnswerSchema,
  redeemRequestSchema,
} from "./storefront-api";

/** The document's component schemas, by name: what a `$ref` in it stands for. */
export const STOREFRONT_SCHEMAS = {
  CustomerView: customerViewSchema,
  EventRequest: widgetEventSchema,
  EarnedAnswer: earnedAnswerSchema,
  ProfileRequest: profileUpdateSchema,
  ProfileAnswer: profileAnswerSchema,
  RedeemRequest: redeemRequestSchema,
  RedeemAnswer: redeemAnswerSchema,
  CancelRequest: cancelRequestSchema,
  CancelAnswer: cancelAnswerSchema,
  Error: proxyErrorSchema,
  InsufficientPoints: insufficientPointsSchema,
  InvalidPoints: invalidPointsSchema,
  RewardLocked: lockedAnswerSchema,
} satisfies Record<string, ZodTypeAny>;
export type StorefrontSchemaName = keyof typeof STOREFRONT_SCHEMAS;

type Method = "get" | "post";
/** An error with more than `{error, message}`: its schema and the example's other fields. */
interface ErrorDetail {
  schema: StorefrontSchemaName;
  fields: Record<string, unknown>;
}
/** An error a route answers: its code, status, an example message (the route's own English), its detail. */
type RouteError = [code: string, status: number, message: string, detail?: ErrorDetail];

interface RouteDoc {
  method: Method;
  summary: string;
  description: string;
  request?: { schema: StorefrontSchemaName; examples: Record<string, unknown> };
  answer: { schema: StorefrontSchemaName; example: unknown };
  errors: RouteError[];
}

/** Every call: Shopify's signature over the query it adds (app/storefront/proxy-request.server.ts). */
const CALLER_ERRORS: RouteError[] = [
  [
    "duplicate_parameter",
    400,
    "The request names logged_in_customer_id more than once; Shopify's app proxy sends each once.",
  ],
];
const NO_PROGRAMME: RouteError = ["programme_not_found", 404, "This shop has no loyalty programme."];

/** Every POST (app/storefront/widget-call.server.ts), in the order they are checked. */
const POST_ERRORS = (action: string): RouteError[] => [
  ...CALLER_ERRORS,
  ["invalid_request", 415, "Send the request as JSON."],
  ["sign_in_required", 401, `Sign in to ${action}.`],
  NO_PROGRAMME,
  ["payload_too_large", 413, "A request body can be at most 16384 bytes."],
];
/** The engagement calls' refusals (refusedResponse). */
const ENGAGEMENT_ERRORS: RouteError[] = [
  ["rate_limited", 429, "Too many actions at once. Please try again in a moment."],
  ["customer_mismatch", 403, "Points can only be earned by the signed-in shopper."],
  ["customer_redacted", 410, "This shopper's loyalty data was erased at their request."],
];

const earned = { awards: [{ points: 5, reason: "Daily visit" }], refusals: [], balance: 625 };

/** A Bazaar card with nothing locked; the others below override what differs. */
const AMOUNT_OFF = {
  id: "rwd_1",
  kind: "amount_off",
  title: "$5 off",
  description: "On your next order.",
  imageUrl: null,
  costPoints: 500,
  value: { amountMinor: 500, currency: "USD" },
  percentOff: null,
  minimumOrder: null,
  maxPoints: null,
  stockRemaining: null,
  expiresInDays: 90,
  available: true,
  lockedReason: null,
  pointsNeeded: null,
  unlockTier: null,
  redeemFrom: null,
  availableAgainOn: null,
  regularCostPoints: null,
};
const LOCKED_BY_TIER = {
  ...AMOUNT_OFF,
  id: "rwd_2",
  kind: "custom",
  title: "Barista masterclass",
  description: "Two hours behind the counter with our head barista.",
  imageUrl: "https://shop.example/cdn/masterclass.jpg",
  costPoints: 2500,
  value: null,
  expiresInDays: null,
  stockRemaining: 8,
  available: false,
  lockedReason: "tier",
  unlockTier: { id: "tier_gold", name: "Gold" },
};
const SPEND_ANY_AMOUNT = {
  ...AMOUNT_OFF,
  id: "rwd_3",
  kind: "points_to_discount",
  title: "Spend any amount",
  description: "Every 100 points take $1 off.",
  costPoints: 100,
  value: { amountMinor: 100, currency: "USD" },
  maxPoints: 2000,
};
/** On a campaign price: 20% fewer points while "January sale on rewards" runs. */
const ON_CAMPAIGN_PRICE = {
  ...AMOUNT_OFF,
  id: "rwd_5",
  title: "$10 off",
  costPoints: 800,
  value: { amountMinor: 1000, currency: "USD" },
  available: false,
  lockedReason: "points",
  pointsNeeded: 180,
  regularCostPoints: 1000,
};
const ISSUED_CODE = {
  id: "rdm_1",
  rewardId: "rwd_1",
  kind: "amount_off",
  title: "$5 off",
  pointsSpent: 500,
  code: "LOYAL-7KQ2-MX4P",
  value: { amountMinor: 500, currency: "USD" },
  status: "unused",
  createdAt: "2026-01-05T10:00:00.000Z",
  expiresAt: "2026-04-05T10:00:00.000Z",
  cancellable: true,
};
const REQUESTED = {
  ...ISSUED_CODE,
  id: "rdm_2",
  rewardId: "rwd_4",
  kind: "custom",
  title: "Exclusive tote bag",
  pointsSpent: 1200,
  code: null,
  value: null,
  status: "requested",
  createdAt: "2025-12-20T15:30:00.000Z",
  expiresAt: null,
  cancellable: false,
};

const INSUFFICIENT: ErrorDetail = { schema: "InsufficientPoints", fields: { needed: 500, available: 120 } };
const INVALID_POINTS: ErrorDetail = { schema: "InvalidPoints", fields: { step: 100, maxPoints: 2000 } };
const LOCKED: ErrorDetail = { schema: "RewardLocked", fields: { lockedReason: "tier" } };

/** The routes, by path under the proxy prefix; `app/routes/proxy.<path>.tsx` serves each. */
export const STOREFRONT_ROUTES: Record<string, RouteDoc> = {
  "/customer": {
    method: "get",
    summary: "The shopper's points, tier and rewards (or what a guest could earn)",
    description:
      "The widget's whole view. A guest (no `logged_in_customer_id`) gets the programme as a newcomer sees it: balance 0, no tier, what joining earns.",
    answer: {
      schema: "CustomerView",
      example: {
        loggedIn: true,
        balance: 620,
        pending: 45,
        currency: "USD",
        earn: {
          offers: [
            {
              pointsPerUnit: 1,
              minimumOrderMinor: 0,
              firstOrderBonusPoints: 0,
              multiplierHundredths: 100,
              campaignBonusPoints: 0,
            },
          ],
        },
        rewards: [AMOUNT_OFF, LOCKED_BY_TIER, SPEND_ANY_AMOUNT, ON_CAMPAIGN_PRICE],
        progress: {
          rewardId: "rwd_2",
          title: "Barista masterclass",
          costPoints: 2500,
          pointsNeeded: 1880,
          percent: 24,
        },
        redemptions: [ISSUED_CODE, REQUESTED],
        history: [
          { points: -500, reason: "redemption", title: "$5.00 off your next order", at: "2026-01-05T10:00:00.000Z" },
          { points: 45, reason: "order", title: null, at: "2026-01-03T16:20:00.000Z" },
          { points: 5, reason: "engagement", title: null, at: "2026-01-02T09:00:00.000Z" },
        ],
        expiring: { points: 120, on: "2026-03-01T00:00:00.000Z" },
        referral: { code: "ADA-3F9K", url: "https://shop.example/?ref=ADA-3F9K" },
        waysToEarn: [{ ruleId: "rule_1", kind: "visit", points: 5, label: "Visit the shop" }],
        profile: { birthday: null },
        tier: { id: "tier_silver", name: "Silver", perks: ["percent_off:5", "Early access to sales"] },
        nextTier: { id: "tier_gold", name: "Gold", remaining: 4000, unit: "money", threshold: 50000 },
        tierKeep: { tierId: "tier_silver", remaining: 2500, unit: "money", by: "2026-01-31" },
        campaigns: [
          {
            id: "cmp_1",
            title: "Double points weekend",
            endsAt: "2026-01-12T05:00:00.000Z",
            effect: { type: "multiplier", multiplierHundredths: 200 },
          },
          {
            id: "cmp_2",
            title: "January sale on rewards",
            endsAt: "2026-02-01T05:00:00.000Z",
            effect: { type: "reward_price", costPercentOff: 20, valuePercentUp: 0 },
          },
        ],
        challenges: [
          {
            id: "chl_1",
            kind: "challenge",
            measure: "visits",
            window: "month",
            title: "Visit 5 times this month",
            description: "",
            progress: 3,
            goal: 5,
            endsAt: "2026-02-01T05:00:00.000Z",
            reward: { type: "points", points: 50 },
            completedAt: null,
            streak: null,
          },
          {
            id: "chl_2",
            kind: "streak",
            measure: "orders",
            window: "week",
            title: "Weekly order streak",
            description: "An order every week.",
            progress: 2,
            goal: 3,
            endsAt: "2026-01-19T05:00:00.000Z",
            reward: { type: "reward", rewardId: "rwd_1", title: "$5 off" },
            completedAt: null,
            streak: { length: 2, nextStep: 3, graceLeft: 1 },
          },
        ],
      },
    },
    errors: [...CALLER_ERRORS, NO_PROGRAMME],
  },
  "/events": {
    method: "post",
    summary: "Report what the signed-in shopper did, for the shop's engagement rules",
    description:
      "The server decides every award, with the rules' limits and the kill switch; what a rule refuses is answered 200 with its reason in `refusals`. At most 20 events a minute and 300 a day per shopper.",
    request: {
      schema: "EventRequest",
      examples: {
        visit: { type: "visit" },
        page_visit: { type: "page_visit", url: "/pages/lookbook" },
        share: { type: "share", subject: "product", productId: "7012", network: "x" },
        store_search: { type: "store_search" },
        offer_viewed: { type: "offer_viewed", offerId: "spring-sale" },
      },
    },
    answer: { schema: "EarnedAnswer", example: earned },
    errors: [
      ...POST_ERRORS("send an event"),
      ...ENGAGEMENT_ERRORS,
      ["invalid_request", 400, "This event is not valid (type: Invalid discriminator value)."],
    ],
  },
  "/profile": {
    method: "post",
    summary: "Add the signed-in shopper's birthday, once",
    description:
      "A birthday is given once (changing it here would let anyone move it to today every year); profile-completion rules pay for it.",
    request: { schema: "ProfileRequest", examples: { birthday: { birthday: "07-14" } } },
    answer: {
      schema: "ProfileAnswer",
      example: { ...earned, birthday: "07-14", awards: [{ points: 50, reason: "Birthday on file" }] },
    },
    errors: [
      ...POST_ERRORS("update your profile"),
      ...ENGAGEMENT_ERRORS,
      ["invalid_request", 400, "Give your birthday as MM-DD."],
      ["birthday_already_set", 409, "Your birthday is already on file. Contact the shop to change it."],
    ],
  },
  "/redeem": {
    method: "post",
    summary: "Spend points on a reward: a discount code, store credit, or a request the merchant fulfils",
    description:
      "The points are spent and the reward issued in Shopify together: a reward Shopify did not create costs nothing (its stock comes back too). The same check as the Bazaar's `available` decides: a reward the view shows locked is refused with its `lockedReason`. `points` is for `points_to_discount` only: a multiple of the reward's `costPoints` up to its `maxPoints`.",
    request: {
      schema: "RedeemRequest",
      examples: { reward: { rewardId: "rwd_1" }, spend_any_amount: { rewardId: "rwd_3", points: 700 } },
    },
    answer: { schema: "RedeemAnswer", example: { redemption: ISSUED_CODE, balance: 120 } },
    errors: [
      ...POST_ERRORS("spend your points"),
      ["invalid_request", 400, "Choose a reward to redeem."],
      ["invalid_points", 400, "Choose a multiple of 100 points, at most 2000.", INVALID_POINTS],
      ["reward_not_found", 404, "That reward is no longer available."],
      ["insufficient_points", 409, "You need 500 points for this reward; you have 120.", INSUFFICIENT],
      ["reward_locked", 409, "The reward is locked: tier.", LOCKED],
      [
        "shopify_unavailable",
        502,
        "We couldn't create your reward just now. Your points have not been spent; please try again.",
      ],
      [
        "redemption_unconfirmed",
        502,
        "We couldn't confirm your reward just now. If it wasn't created, your points come back automatically shortly.",
      ],
    ],
  },
  "/cancel": {
    method: "post",
    summary: "Cancel one of the shopper's own unused codes, for the points back",
    description:
      "The code is deleted in Shopify first, then the points (and the reward's stock) come back, exactly once however often it is asked. Only a redemption the view lists as `cancellable` can be: a used, expired or cancelled code, store credit and custom requests cannot. Another shopper's redemption is `redemption_not_found`, as one that does not exist.",
    request: { schema: "CancelRequest", examples: { redemption: { redemptionId: "rdm_1" } } },
    answer: {
      schema: "CancelAnswer",
      example: { redemption: { ...ISSUED_CODE, status: "cancelled", cancellable: false }, balance: 620 },
    },
    errors: [
      ...POST_ERRORS("cancel a reward"),
      ["invalid_request", 400, "Choose a redemption to cancel."],
      ["redemption_not_found", 404, "That redemption was not found."],
      ["not_cancellable", 409, "This reward can no longer be cancelled: it was used, expired or cancelled."],
      [
        "shopify_unavailable",
        502,
        "We couldn't cancel your code just now. It still works, and your points are unchanged; please try again.",
      ],
    ],
  },
};

/** A route's POST answers GET with this (and the other way round there is no such route). */
export const WRONG_METHOD_STATUS = 405;

const ref = (name: StorefrontSchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown, examples?: Record<string, { value: unknown }>) => ({
  "application/json": { schema, ...(examples ? { examples } : {}) },
});

/** Shopify adds these to the query and signs them; a caller never sends them itself. */
const PROXY_PARAMETERS = [
  { name: "shop", description: "The shop's myshopify.com domain." },
  {
    name: "logged_in_customer_id",
    description:
      "The signed-in customer's numeric id; empty for a guest. The only way the app learns who is calling: a body, or a second copy of this parameter in the URL, is never believed (a repeated parameter is refused, `duplicate_parameter`).",
  },
  { name: "path_prefix", description: "The proxy's prefix on the shop (`/apps/loyalty`)." },
  { name: "timestamp", description: "Unix seconds; a signature older than 90 seconds is refused." },
  {
    name: "signature",
    description:
      "Lowercase hex HMAC-SHA256, keyed with the app's API secret, over the other query parameters sorted by name and written `name=value` (a repeated name's values joined with commas), concatenated without separators.",
  },
].map((parameter) => ({
  ...parameter,
  in: "query",
  required: parameter.name !== "logged_in_customer_id",
  schema: { type: "string" },
}));

function responses(route: RouteDoc): Record<string, unknown> {
  const byStatus = new Map<number, RouteError[]>();
  for (const error of route.errors) byStatus.set(error[1], [...(byStatus.get(error[1]) ?? []), error]);
  const get = route.method === "get";
  const etag = {
    description: "A hash of the body: send it back as If-None-Match to be answered 304 while the view is unchanged.",
    schema: { type: "string" },
  };
  // A GET's answer is personal: never kept by a shared cache, revalidated by the browser each time.
  const cacheControl = { schema: { type: "string", const: get ? "private, no-cache" : "private, no-store" } };
  const answers: Record<string, unknown> = {
    "200": {
      description: "Done.",
      headers: { "Cache-Control": cacheControl, ...(get ? { ETag: etag } : {}) },
      content: json(ref(route.answer.schema), { answer: { value: route.answer.example } }),
    },
    ...(get
      ? {
          "304": {
            description: "Not modified: If-None-Match named the ETag of the answer this call would give. No body.",
            headers: { "Cache-Control": cacheControl, ETag: etag },
          },
        }
      : {}),
  };
  const badSignature = "A missing, bad or stale signature: no body.";
  for (const [status, errors] of [...byStatus].sort(([a], [b]) => a - b)) {
    // One schema per status, or each of the statuses' schemas when its errors differ in shape.
    const names = [...new Set(errors.map(([, , , detail]) => detail?.schema ?? "Error"))];
    const schema = names.length === 1 ? ref(names[0]!) : { oneOf: names.map(ref) };
    const examples = Object.fromEntries(
      errors.map(([code, , message, detail]) => [code, { value: { error: code, message, ...detail?.fields } }]),
    );
    answers[String(status)] = {
      description: [status === 400 ? badSignature : "", errors.map(([code]) => `\`${code}\``).join(", ")]
        .join(" ")
        .trim(),
      ...(status === 429
        ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } }
        : {}),
      content: json(schema, examples),
    };
  }
  return answers;
}

function operation(path: string, route: RouteDoc) {
  return {
    operationId: `${route.method}${path.slice(1).replace(/^./, (c) => c.toUpperCase())}`,
    summary: route.summary,
    description: route.description,
    parameters:
      route.method === "get"
        ? [
            ...PROXY_PARAMETERS,
            {
              name: "locale",
              in: "query",
              required: false,
              description:
                "The shopper's language (the theme's `request.locale`, e.g. `fr-CA`): reward titles and descriptions in the merchant's translation for it, else for its language (`fr`), else the default. Anything but a language tag is ignored.",
              schema: { type: "string", maxLength: 35 },
            },
            {
              name: "If-None-Match",
              in: "header",
              required: false,
              description: "The ETag of an answer already held (the browser sends it by itself).",
              schema: { type: "string" },
            },
          ]
        : PROXY_PARAMETERS,
    ...(route.request
      ? {
          requestBody: {
            required: true,
            content: json(
              ref(route.request.schema),
              Object.fromEntries(Object.entries(route.request.examples).map(([name, value]) => [name, { value }])),
            ),
          },
        }
      : {}),
    responses: responses(route),
  };
}

const wrongMethod = (path: string) => ({
  operationId: `get${path.slice(1).replace(/^./, (c) => c.toUpperCase())}`,
  summary: "Not allowed: use POST",
  parameters: PROXY_PARAMETERS,
  responses: {
    [WRONG_METHOD_STATUS]: {
      description: "`method_not_allowed`",
      content: json(ref("Error"), {
        method_not_allowed: { value: { error: "method_not_allowed", message: "Use POST to …" } },
      }),
    },
  },
});

export function storefrontOpenApi(): JsonSchema {
  return {
    openapi: "3.1.0",
    info: {
      title: "Loyalty Bazaar storefront API",
      version: "1.0.0",
      summary: "What the storefront widget reads and sends, through the shop's app proxy.",
      description:
        "The theme extension's widget calls these routes on the shop's own domain (`https://<shop>/apps/loyalty/<route>`); Shopify's app proxy forwards each call to the app with the signed-in customer and a signature added to the query. Any script on the shop's pages may call them the same way (same origin, with the shopper's cookies); nothing else can, since only Shopify can sign.\n\nAnswers hold codes and numbers, never shopper text: money is `{amountMinor, currency}`, an error is `{error, message}` where `error` is a code to word in the shopper's language and `message` is English for developers. POST bodies are JSON (`Content-Type: application/json`, at most 16 KiB); every POST needs a signed-in shopper. Answers are never cached (`Cache-Control: private, no-store`). Fields may be added to answers: ignore the ones you do not know.",
    },
    servers: [
      {
        url: "https://{shop}/apps/loyalty",
        variables: { shop: { default: "example.myshopify.com", description: "The shop's domain." } },
      },
    ],
    security: [{ appProxySignature: [] }],
    paths: Object.fromEntries(
      Object.entries(STOREFRONT_ROUTES).map(([path, route]) => [
        path,
        route.method === "get"
          ? { get: operation(path, route) }
          : { get: wrongMethod(path), post: operation(path, route) },
      ]),
    ),
    components: {
      securitySchemes: {
        appProxySignature: {
          type: "apiKey",
          in: "query",
          name: "signature",
          description:
            "Added by Shopify's app proxy, never by the caller: see the `signature` parameter. The customer is `logged_in_customer_id`, signed with it.",
        },
      },
      schemas: Object.fromEntries(
        Object.entries(STOREFRONT_SCHEMAS).map(([name, schema]) => [name, zodToJsonSchema(schema)]),
      ),
    },
  };
}
