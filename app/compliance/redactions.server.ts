/**
 * What shop/redact and customers/redact erased, remembered as one-way hashes (tombstones),
 * so that nothing arriving later (a delayed webhook, a widget or events API call) can bring
 * the shop or the customer back. Only an install undoes a shop's (docs/decisions/0014).
 */
import { createHash } from "node:crypto";
import type { Db, Tx } from "../db.server";

type Client = Db | Tx;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The id a redacted member keeps (docs/decisions/0003), and the customer's tombstone. */
export function anonymousCustomerId(shopId: string, customerId: string): string {
  return `redacted:${sha256(`${shopId}:${customerId}`).slice(0, 16)}`;
}

const shopHash = (domain: string) => sha256(domain);

/** customers/redact erased this customer: refuse to enrol them again. */
export class CustomerRedactedError extends Error {
  override name = "CustomerRedactedError";
  constructor() {
    super(
      "This customer's data was erased at their request (customers/redact); the programme keeps nothing new about them.",
    );
  }
}

export async function rememberCustomerRedacted(client: Client, shopId: string, customerId: string): Promise<void> {
  const customerHash = anonymousCustomerId(shopId, customerId);
  await client.redactedCustomer.upsert({
    where: { shopId_customerHash: { shopId, customerHash } },
    create: { shopId, customerHash },
    update: {},
  });
}

export async function isCustomerRedacted(client: Client, shopId: string, customerId: string): Promise<boolean> {
  const customerHash = anonymousCustomerId(shopId, customerId);
  return (await client.redactedCustomer.count({ where: { shopId, customerHash } })) > 0;
}

export async function rememberShopRedacted(client: Client, domain: string): Promise<void> {
  const domainHash = shopHash(domain);
  await client.redactedShop.upsert({ where: { domainHash }, create: { domainHash }, update: {} });
}

export async function isShopRedacted(client: Client, domain: string): Promise<boolean> {
  return (await client.redactedShop.count({ where: { domainHash: shopHash(domain) } })) > 0;
}

/** A new install is a new start: the merchant installed the app again. */
export async function forgetShopRedaction(client: Client, domain: string): Promise<void> {
  await client.redactedShop.deleteMany({ where: { domainHash: shopHash(domain) } });
}

/** For callers that answer a redacted customer rather than fail: `work`'s outcome, or `answer`. */
export async function whenCustomerRedacted<T, A>(work: Promise<T>, answer: A): Promise<T | A> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof CustomerRedactedError) return answer;
    throw error;
  }
}
