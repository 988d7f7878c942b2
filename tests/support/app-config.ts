/**
 * The webhook subscriptions of shopify.app.toml, read from the file itself so that a topic
 * subscribed there without a contract test makes the contract test fail. A small reader for
 * the two keys used (the toml package is not a dependency of the app).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface WebhookSubscriptions {
  apiVersion: string;
  topics: string[];
}

export function subscribedWebhooks(path = join(process.cwd(), "shopify.app.toml")): WebhookSubscriptions {
  const text = readFileSync(path, "utf8").replace(/#.*$/gm, "");
  const apiVersion = /^\s*api_version\s*=\s*"([^"]+)"/m.exec(text)?.[1];
  if (!apiVersion) throw new Error(`${path}: no [webhooks] api_version`);
  const topics = [...text.matchAll(/^\s*(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/gm)].flatMap((match) =>
    [...match[1]!.matchAll(/"([^"]+)"/g)].map((topic) => topic[1]!),
  );
  return { apiVersion, topics: [...new Set(topics)].sort() };
}
