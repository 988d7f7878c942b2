/**
 * One issuer per kind of reward (the Issuer contract in issuing.ts): what Shopify creates when
 * a shopper redeems it, how a lost answer is checked, and how a code is taken back. Every call
 * goes through the Shopify gateway.
 */
import { currencyExponent, fromMinorUnits } from "../domain/money";
import type { Combines, Reward, RewardKind } from "../domain/rewards/catalogue";
import {
  shopifyGateway,
  type CodeDiscountItems,
  type CodeDiscountValue,
  type FreeShippingCodeInput,
} from "../shopify/gateway.server";
import { RedemptionNotCancellableError } from "./errors";
import type { IssueRequest, Issuer } from "./issuing";

/** The name a code carries in the merchant's Discounts list. */
export const loyaltyCodeTitle = (reward: Pick<Reward, "title">) => `Loyalty reward: ${reward.title}`;

const money = (minor: number, currencyCode: string) => fromMinorUnits(minor, currencyExponent(currencyCode));
const moneyOrNull = (minor: number | null, currencyCode: string) =>
  minor === null ? null : money(minor, currencyCode);

/** A code kind's redemption always carries its code (redeem.server.ts makes it before issuing). */
function codeOf(request: IssueRequest): string {
  const { code, id } = request.redemption;
  if (!code) throw new Error(`Redemption ${id} of a ${request.reward.kind} reward has no code to create.`);
  return code;
}

/** The fields of every code: single use, this customer's, ending when the redemption expires. */
function codeFields(request: IssueRequest, minimumOrderMinor: number | null, combinesWith: Combines) {
  return {
    customerId: request.customerId,
    code: codeOf(request),
    title: loyaltyCodeTitle(request.reward),
    minimumSubtotal: moneyOrNull(minimumOrderMinor, request.currencyCode),
    endsAt: request.redemption.expiresAt,
    combinesWith,
  };
}

/**
 * What code kinds share: after a lost answer, Shopify is asked for the code itself (it is ours
 * and unique, so finding it means the creation went through); cancelling deletes it.
 */
function codeIssuer(create: (request: IssueRequest) => Promise<{ discountId: string }>): Issuer {
  return {
    revocable: true,
    async issue(request) {
      const { discountId } = await create(request);
      return { kind: "discount", discountId };
    },
    async confirm(request) {
      const found = await shopifyGateway().findDiscountCode(request.shopDomain, codeOf(request));
      return found ? { kind: "discount", discountId: found.discountId } : null;
    },
    async revoke(shopDomain, issued) {
      if (issued.kind !== "discount") throw new Error(`A code issuer cannot take back ${issued.kind}.`);
      await shopifyGateway().deleteDiscount(shopDomain, issued.discountId);
    },
  };
}

/** An amount-off or percentage-off code (discountCodeBasicCreate). */
function basicCodeIssuer(
  shape: (request: IssueRequest) => {
    value: CodeDiscountValue;
    items: CodeDiscountItems;
    minimumOrderMinor: number | null;
  },
): Issuer {
  return codeIssuer((request) => {
    const { value, items, minimumOrderMinor } = shape(request);
    return shopifyGateway().createCodeDiscount(request.shopDomain, {
      ...codeFields(request, minimumOrderMinor, request.reward.combines),
      value,
      items,
    });
  });
}

/** What the redemption is worth, off the whole order (amount_off; points_to_discount: the steps bought). */
const amountOffOrder = basicCodeIssuer((request) => ({
  value: { kind: "amount", amount: money(request.redemption.valueMinor, request.currencyCode) },
  items: { kind: "all" },
  minimumOrderMinor: "minimumOrderMinor" in request.reward ? request.reward.minimumOrderMinor : null,
}));

const percentOff = basicCodeIssuer((request) => {
  const reward = expectKind(request.reward, "percent_off");
  return {
    value: { kind: "percentage", percentage: reward.percentOff / 100 },
    items: { kind: "all" },
    minimumOrderMinor: reward.minimumOrderMinor,
  };
});

/**
 * A free product is the product's price off, once, on that variant (or any variant of that
 * product): Shopify has no "free item" code without a purchase condition, and a basic code
 * scoped to the item takes exactly its price off one of them.
 */
const freeProduct = basicCodeIssuer((request) => {
  const reward = expectKind(request.reward, "free_product");
  return {
    value: { kind: "amount", amount: money(request.redemption.valueMinor, request.currencyCode) },
    items: reward.variantId
      ? { kind: "variants", variantIds: [reward.variantId] }
      : { kind: "products", productIds: [reward.productId] },
    minimumOrderMinor: null,
  };
});

const freeShipping = codeIssuer((request) => {
  const reward = expectKind(request.reward, "free_shipping");
  const input: FreeShippingCodeInput = {
    // A shipping discount never combines with another shipping discount at Shopify.
    ...codeFields(request, reward.minimumOrderMinor, { ...reward.combines, shipping: false }),
    maxShippingPrice: moneyOrNull(reward.maxShippingMinor, request.currencyCode),
  };
  return shopifyGateway().createFreeShippingCode(request.shopDomain, input);
});

/**
 * Store credit is money in the shopper's account, spent as soon as they check out: it cannot
 * be taken back. Shopify has no lookup of a credit by our reference, so after a lost answer it
 * cannot say whether the credit went through ("unknown": the redemption stays pending for the
 * merchant to check, rather than crediting twice or keeping points for nothing).
 */
const storeCredit: Issuer = {
  revocable: false,
  async issue(request) {
    const { transactionId } = await shopifyGateway().creditStoreCredit(request.shopDomain, {
      customerId: request.customerId,
      amount: money(request.redemption.valueMinor, request.currencyCode),
      currencyCode: request.currencyCode,
    });
    return { kind: "store_credit", transactionId };
  },
  async confirm() {
    return "unknown";
  },
  async revoke() {
    throw new RedemptionNotCancellableError("credited");
  },
};

/**
 * A custom reward is the merchant's to hand over (fulfilment.server.ts): nothing is created at
 * Shopify, so there is nothing to confirm or take back there; cancelling a request is the
 * merchant's decision, not a Shopify call.
 */
const custom: Issuer = {
  revocable: false,
  async issue() {
    return { kind: "none" };
  },
  async confirm() {
    return { kind: "none" };
  },
  async revoke() {},
};

const ISSUERS: Record<RewardKind, Issuer> = {
  amount_off: amountOffOrder,
  points_to_discount: amountOffOrder,
  percent_off: percentOff,
  free_shipping: freeShipping,
  free_product: freeProduct,
  store_credit: storeCredit,
  custom,
};

export function issuerFor(kind: RewardKind): Issuer {
  return ISSUERS[kind];
}

/** The request's reward as the kind its issuer was chosen for; another kind is a caller's mistake. */
function expectKind<K extends RewardKind>(reward: Reward, kind: K): Extract<Reward, { kind: K }> {
  if (reward.kind !== kind) throw new Error(`The ${kind} issuer was given a ${reward.kind} reward (${reward.id}).`);
  return reward as Extract<Reward, { kind: K }>;
}
