/**
 * Idempotency keys for rule awards, derived from the cause, never from a clock or a random
 * id: a webhook redelivered, an app-proxy call retried or an event posted twice maps to the
 * same key, and the ledger's unique (shop, key) index turns the retry into a no-op.
 *
 * Keys are unique per shop (like `ledgerKeys` in ../ledger.ts), so everything a customer does
 * for themselves carries their id; an order id is already unique in a shop.
 * Free text (paths, networks, merchant keys) has ":" and "%" escaped so that no value can
 * forge the separator and collide with another key.
 */
const free = (text: string) => text.replace(/%/g, "%25").replace(/:/g, "%3A");

const mine = (ruleId: string, customerId: string) => `rule:${free(ruleId)}:customer:${free(customerId)}`;

export const ruleKeys = {
  order: (ruleId: string, orderId: string) => `rule:${free(ruleId)}:order:${free(orderId)}`,
  /** One referral reward per friend, whichever order turns out to be their first. */
  referral: (ruleId: string, friendId: string, side: "referrer" | "friend") =>
    `rule:${free(ruleId)}:referral:${free(friendId)}:${side}`,
  account: (ruleId: string, customerId: string) => `${mine(ruleId, customerId)}:account`,
  field: (ruleId: string, customerId: string, field: string) => `${mine(ruleId, customerId)}:field:${field}`,
  birthday: (ruleId: string, customerId: string, year: number) => `${mine(ruleId, customerId)}:birthday:${year}`,
  visit: (ruleId: string, customerId: string, period: string) => `${mine(ruleId, customerId)}:visit:${period}`,
  page: (ruleId: string, customerId: string, path: string, period: string) =>
    `${mine(ruleId, customerId)}:page:${free(path)}:${period}`,
  storeSearch: (ruleId: string, customerId: string, period: string) =>
    `${mine(ruleId, customerId)}:store-search:${period}`,
  offer: (ruleId: string, customerId: string, offerId: string) => `${mine(ruleId, customerId)}:offer:${free(offerId)}`,
  share: (ruleId: string, customerId: string, subject: string, network: string) =>
    `${mine(ruleId, customerId)}:share:${free(subject)}:${free(network)}`,
  follow: (ruleId: string, customerId: string, network: string) =>
    `${mine(ruleId, customerId)}:follow:${free(network)}`,
  custom: (ruleId: string, customerId: string, eventId: string) =>
    `${mine(ruleId, customerId)}:custom:${free(eventId)}`,
};
