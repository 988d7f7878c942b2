/**
 * What bench:webhooks sends and how: signed orders/paid deliveries built from Shopify's
 * documented example (a new order id each, customers from a pool), redeliveries, poison
 * payloads, and two ways of sending them: autocannon's closed loop (as many as the server
 * answers, at N connections) and a paced sender (a fixed rate, each send time recorded).
 */
import http from "node:http";
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { webhookHeaders } from "../../demo/shopify-signing";
import { orderLineItem, paidOrderPayload } from "../../tests/support/factories";
import { percentile, round } from "./bench-support";
import { EXCLUDED_PRODUCT_ID, FAILING_PRODUCT_BASE } from "./bench-app";

export type DeliveryKind = "order" | "redelivery-same-event" | "redelivery-new-event" | "poison";

export interface Delivery {
  kind: DeliveryKind;
  shop: string;
  /** The order the delivery is about (none for poison). */
  orderId: string | null;
  eventId: string;
  body: string;
  headers: Record<string, string>;
  /** Whether this order's first Shopify lookup fails (its product is a failing one). */
  lookupFails: boolean;
}

/** Everything sent and acknowledged, per order and per poison event, across a whole run. */
export class Ledgerbook {
  /** Order id → when its first delivery was sent (ms since epoch). */
  readonly firstSentAt = new Map<string, number>();
  /** Order ids with at least one acknowledged delivery. */
  readonly acknowledgedOrders = new Set<string>();
  /** shop → event ids of acknowledged poison deliveries. */
  readonly acknowledgedPoison = new Map<string, Set<string>>();
  /** shop → event ids of every poison delivery sent (acknowledged or not). */
  readonly sentPoison = new Map<string, Set<string>>();
  readonly lookupFailing = new Set<string>();

  sent(delivery: Delivery, at: number) {
    if (delivery.orderId) {
      if (!this.firstSentAt.has(delivery.orderId)) this.firstSentAt.set(delivery.orderId, at);
      return;
    }
    const events = this.sentPoison.get(delivery.shop) ?? new Set<string>();
    events.add(delivery.eventId);
    this.sentPoison.set(delivery.shop, events);
  }

  acknowledged(delivery: Delivery) {
    if (delivery.orderId) {
      this.acknowledgedOrders.add(delivery.orderId);
      if (delivery.lookupFails) this.lookupFailing.add(delivery.orderId);
    } else {
      const events = this.acknowledgedPoison.get(delivery.shop) ?? new Set<string>();
      events.add(delivery.eventId);
      this.acknowledgedPoison.set(delivery.shop, events);
    }
  }
}

/** How many recent orders a factory keeps for redeliveries to pick from. */
const RECENT_ORDERS = 5_000;

const ORDER_TOKEN = "918273645500";
const CUSTOMER_TOKEN = "827364550019";
const PRODUCT_TOKEN = "736455001928";

/**
 * Makes deliveries for one shop. The documented example is stringified once with tokens for
 * the ids and each order is a string replace of them, so the sender's own CPU stays small.
 */
export class DeliveryFactory {
  private readonly template: string;
  /**
   * The most recent orders, which redeliveries repeat. Bounded: a run sends hundreds of
   * thousands of ~11 KB deliveries, and keeping them all ran the sender out of memory.
   */
  private readonly orders: Delivery[] = [];
  private ordersMade = 0;
  private sequence = 0;

  constructor(
    readonly shop: string,
    private readonly secret: string,
    private readonly options: {
      /** The first order id; each shop gets its own range. */
      orderBase: number;
      /** Customers drawn from a pool of this many (0: a new customer per order). */
      customerPool: number;
      /** A line with the excluded-tag product and one with a product to look up (spend rule shops). */
      spendRuleLines: boolean;
    },
  ) {
    const customer = {
      id: CUSTOMER_TOKEN,
      email: `bench${CUSTOMER_TOKEN}@example.com`,
      first_name: "Bench",
      last_name: `Customer ${CUSTOMER_TOKEN}`,
    };
    const payload = paidOrderPayload({ id: ORDER_TOKEN, customer, subtotal: "42.00" });
    if (options.spendRuleLines) {
      payload.subtotal_price = payload.total_price = "52.00";
      payload.line_items = [
        orderLineItem({ id: 1, product_id: Number(EXCLUDED_PRODUCT_ID), price: "10.00" }),
        orderLineItem({ id: 2, product_id: Number(PRODUCT_TOKEN), price: "42.00" }),
      ];
    }
    this.template = JSON.stringify(payload);
  }

  private sign(kind: DeliveryKind, orderId: string | null, body: string, lookupFails: boolean): Delivery {
    const eventId = randomUUID();
    const headers = webhookHeaders({ shop: this.shop, topic: "orders/paid", body, secret: this.secret, eventId });
    return { kind, shop: this.shop, orderId, eventId, body, headers, lookupFails };
  }

  /** A new order; `lookupFails`: its product's first lookup fails (spend rule shops). */
  order(lookupFails = false): Delivery {
    const n = this.sequence++;
    const orderId = String(this.options.orderBase + n);
    const customerId = String(
      this.options.orderBase + 500_000_000 + (this.options.customerPool > 0 ? n % this.options.customerPool : n),
    );
    const productId = lookupFails ? String(FAILING_PRODUCT_BASE + this.options.orderBase + n) : "9002";
    const body = this.template
      .replaceAll(ORDER_TOKEN, orderId)
      .replaceAll(CUSTOMER_TOKEN, customerId)
      .replaceAll(PRODUCT_TOKEN, productId);
    const delivery = this.sign("order", orderId, body, lookupFails);
    this.orders[this.ordersMade++ % RECENT_ORDERS] = delivery;
    return delivery;
  }

  /** An earlier order delivered again: the same event id (a retry) or a new one (a new event). */
  redelivery(sameEvent: boolean): Delivery {
    if (this.orders.length === 0) return this.order();
    const earlier = this.orders[Math.floor(Math.random() * this.orders.length)]!;
    if (sameEvent) return { ...earlier, kind: "redelivery-same-event" };
    return { ...this.sign("redelivery-new-event", earlier.orderId, earlier.body, earlier.lookupFails) };
  }

  /** Signed, but unusable: an order whose currency and amount fail the schema, or a body that is not JSON. */
  poison(): Delivery {
    const n = this.sequence++;
    const body =
      n % 2 === 0
        ? this.template
            .replaceAll(ORDER_TOKEN, String(this.options.orderBase + n))
            .replace(/"currency":"USD"/, '"currency":"DOLLARS"')
        : `{"id": ${this.options.orderBase + n}, "currency": "USD", "line_items": [`;
    return this.sign("poison", null, body, false);
  }

  /**
   * The correctness mix: 20 % redeliveries (half with the same event id, half with a new one),
   * `poisonShare` poison, and of the new orders `failingShare` whose first lookup fails.
   */
  mixed(poisonShare: number, failingShare: number): Delivery {
    const draw = Math.random();
    if (draw < 0.1) return this.redelivery(true);
    if (draw < 0.2) return this.redelivery(false);
    if (draw < 0.2 + poisonShare) return this.poison();
    return this.order(Math.random() < failingShare);
  }
}

export interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  sent: number;
  acknowledged: number;
  /** Answers other than 200 (503 when the queue could not take a delivery). */
  non200: number;
  /** Connection errors and timeouts (a server killed mid-run). */
  errors: number;
  seconds: number;
  perSecond: number;
  latencyMs: LatencySummary;
}

/** autocannon's closed loop: `connections` always busy, for `seconds` or `amount` requests. */
export async function closedLoop(options: {
  url: string;
  connections: number;
  seconds?: number;
  amount?: number;
  next: () => Delivery;
  book?: Ledgerbook;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 10 }),
    timeout: 30,
    requests: [
      {
        method: "POST",
        path: "/webhooks",
        setupRequest: (request, context) => {
          const delivery = options.next();
          (context as { delivery?: Delivery }).delivery = delivery;
          options.book?.sent(delivery, Date.now());
          return { ...request, body: delivery.body, headers: delivery.headers };
        },
        onResponse: (status, _body, context) => {
          const delivery = (context as { delivery?: Delivery }).delivery;
          if (status === 200 && delivery) options.book?.acknowledged(delivery);
        },
      },
    ],
  });
  return {
    sent: result.requests.sent,
    acknowledged: result["2xx"],
    non200: result.non2xx,
    errors: result.errors,
    seconds: result.duration,
    perSecond: round(result["2xx"] / result.duration, 1),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}

/**
 * A paced sender: `rate` deliveries a second for `seconds`, each sent on its own schedule
 * whatever the answers (an open loop, as Shopify sends), over a keep-alive pool of sockets.
 * `during` runs alongside (the SIGKILL scenario kills and restarts processes from it);
 * `urls` is read at each send, so a restarted server may move.
 */
export async function pacedLoad(options: {
  urls: () => string[];
  rate: number;
  seconds: number;
  next: () => Delivery;
  book: Ledgerbook;
  during?: () => Promise<unknown>;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const latencies: number[] = [];
  let sent = 0;
  let acknowledged = 0;
  let non200 = 0;
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const send = (url: string, delivery: Delivery) =>
    new Promise<void>((resolve) => {
      const began = performance.now();
      options.book.sent(delivery, Date.now());
      const request = http.request(
        `${url}/webhooks`,
        { method: "POST", agent, headers: { ...delivery.headers, "content-length": Buffer.byteLength(delivery.body) } },
        (response) => {
          response.resume();
          response.on("end", () => {
            latencies.push(performance.now() - began);
            if (response.statusCode === 200) {
              acknowledged += 1;
              options.book.acknowledged(delivery);
            } else non200 += 1;
            resolve();
          });
        },
      );
      request.setTimeout(30_000, () => request.destroy(new Error("timeout")));
      request.on("error", () => {
        errors += 1;
        resolve();
      });
      request.end(delivery.body);
    });
  const started = performance.now();
  const total = Math.round(options.rate * options.seconds);
  const during = options.during?.();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * options.rate) + 1);
    for (; sent < due; sent += 1) {
      const urls = options.urls();
      const promise = send(urls[sent % urls.length]!, options.next());
      inFlight.add(promise);
      void promise.then(() => inFlight.delete(promise));
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all([...inFlight]);
  await during;
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent,
    acknowledged,
    non200,
    errors,
    seconds: round(seconds, 2),
    perSecond: round(acknowledged / seconds, 1),
    latencyMs: summary(latencies),
  };
}

export function summary(sorted: readonly number[]): LatencySummary {
  return {
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : NaN),
  };
}
