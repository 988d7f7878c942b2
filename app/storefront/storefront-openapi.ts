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
  customerViewSchema,
  earnedAnswerSchema,
  insufficientPointsSchema,
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
  Error: proxyErrorSchema,
  InsufficientPoints: insufficientPointsSchema,
} satisfies Record<string, ZodTypeAny>;
export type StorefrontSchemaName = keyof typeof STOREFRONT_SCHEMAS;

type Method = "get" | "post";
/** An error a route answers: its code, status, and an example message (the route's own English). */
type RouteError = [code: string, status: number, message: string];

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
          offers: [{ pointsPerUnit: 1, minimumOrderMinor: 0, firstOrderBonusPoints: 0, multiplierHundredths: 100 }],
        },
        rewards: [
          {
            id: "rwd_1",
            title: "$5 off",
            costPoints: 500,
            value: { amountMinor: 500, currency: "USD" },
            affordable: true,
          },
          {
            id: "rwd_2",
            title: "$15 off",
            costPoints: 1500,
            value: { amountMinor: 1500, currency: "USD" },
            affordable: false,
          },
        ],
        progress: { rewardId: "rwd_2", title: "$15 off", costPoints: 1500, pointsNeeded: 880, percent: 41 },
        redemptions: [
          {
            code: "LOYAL-7KQ2-MX4P",
            value: { amountMinor: 500, currency: "USD" },
            createdAt: "2026-01-05T10:00:00.000Z",
          },
        ],
        expiring: { points: 120, on: "2026-03-01T00:00:00.000Z" },
        referral: { code: "ADA-3F9K", url: "https://shop.example/?ref=ADA-3F9K" },
        waysToEarn: [{ ruleId: "rule_1", kind: "visit", points: 5, label: "Visit the shop" }],
        profile: { birthday: null },
        tier: { id: "tier_silver", name: "Silver", perks: ["percent_off:5", "Early access to sales"] },
        nextTier: { id: "tier_gold", name: "Gold", remaining: 4000, unit: "money", threshold: 50000 },
        tierKeep: { tierId: "tier_silver", remaining: 2500, unit: "money", by: "2026-01-31" },
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
    summary: "Spend points on a reward and get its discount code",
    description:
      "The points are spent and the code created in Shopify together: a code Shopify did not create costs nothing.",
    request: { schema: "RedeemRequest", examples: { reward: { rewardId: "rwd_1" } } },
    answer: {
      schema: "RedeemAnswer",
      example: { code: "LOYAL-7KQ2-MX4P", value: { amountMinor: 500, currency: "USD" }, balance: 120 },
    },
    errors: [
      ...POST_ERRORS("spend your points"),
      ["invalid_request", 400, "Choose a reward to redeem."],
      ["reward_not_found", 404, "That reward is no longer available."],
      ["insufficient_points", 409, "You need 500 points for this reward; you have 120."],
      [
        "shopify_unavailable",
        502,
        "We couldn't create your code just now. Your points have not been spent; please try again.",
      ],
      [
        "redemption_unconfirmed",
        502,
        "We couldn't confirm your code just now. If it wasn't created, your points come back automatically shortly.",
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
  const answers: Record<string, unknown> = {
    "200": {
      description: "Done.",
      headers: { "Cache-Control": { schema: { type: "string", const: "private, no-store" } } },
      content: json(ref(route.answer.schema), { answer: { value: route.answer.example } }),
    },
  };
  const badSignature = "A missing, bad or stale signature: no body.";
  for (const [status, errors] of [...byStatus].sort(([a], [b]) => a - b)) {
    const schema = errors.some(([code]) => code === "insufficient_points") ? ref("InsufficientPoints") : ref("Error");
    const examples = Object.fromEntries(
      errors.map(([code, , message]) => [
        code,
        {
          value:
            code === "insufficient_points"
              ? { error: code, message, needed: 500, available: 120 }
              : { error: code, message },
        },
      ]),
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
    parameters: PROXY_PARAMETERS,
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
