import { describe, expect, it } from "vitest";
import type { QueuedDelivery } from "./delivery-queue";
import { groupInserts, MAX_INSERTS_IN_FLIGHT, secondsFromEnv } from "./pg-boss-queue.server";

describe("the queue's bench knobs (WEBHOOK_RETRY_DELAY_SECONDS, WEBHOOK_LEASE_SECONDS)", () => {
  it("keep the production value when unset or blank", () => {
    expect(secondsFromEnv("WEBHOOK_LEASE_SECONDS", 60, {})).toBe(60);
    expect(secondsFromEnv("WEBHOOK_LEASE_SECONDS", 60, { WEBHOOK_LEASE_SECONDS: " " })).toBe(60);
  });

  it("take whole seconds from 1 to 3600", () => {
    expect(secondsFromEnv("WEBHOOK_RETRY_DELAY_SECONDS", 30, { WEBHOOK_RETRY_DELAY_SECONDS: "1" })).toBe(1);
    expect(secondsFromEnv("WEBHOOK_RETRY_DELAY_SECONDS", 30, { WEBHOOK_RETRY_DELAY_SECONDS: "3600" })).toBe(3600);
  });

  it.each(["0", "3601", "1.5", "soon", "-5"])("refuse %j rather than run with a surprising delay", (raw) => {
    expect(() => secondsFromEnv("WEBHOOK_LEASE_SECONDS", 60, { WEBHOOK_LEASE_SECONDS: raw })).toThrow(
      /WEBHOOK_LEASE_SECONDS must be a whole number of seconds from 1 to 3600/,
    );
  });
});

const delivery = (n: number): QueuedDelivery => ({
  shopDomain: "a-shop.myshopify.com",
  topic: "ORDERS_PAID",
  deliveryId: `evt-${n}`,
  webhookId: `wh-${n}`,
  triggeredAt: null,
  body: "{}",
  receivedAt: "2026-12-01T12:00:00.000Z",
});

/** An insert the test commits by hand: what each call carried, and a way to finish it. */
function heldInsert(fail: (ids: string[]) => boolean = () => false) {
  const calls: { ids: string[]; commit: () => void }[] = [];
  const insert = (deliveries: QueuedDelivery[]) =>
    new Promise<void>((resolve, reject) => {
      const ids = deliveries.map((d) => d.deliveryId);
      calls.push({ ids, commit: () => (fail(ids) ? reject(new Error("refused")) : resolve()) });
    });
  return { calls, insert };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("groupInserts (group commit of acknowledgements)", () => {
  it("sends a delivery on its own at once, and answers only once its insert committed", async () => {
    const { calls, insert } = heldInsert();
    let answered = false;
    const enqueue = groupInserts(insert);
    const acked = enqueue(delivery(1)).then(() => (answered = true));
    await nextTurn();
    expect(calls.map((c) => c.ids)).toEqual([["evt-1"]]);
    expect(answered).toBe(false);
    calls[0]!.commit();
    await acked;
    expect(answered).toBe(true);
  });

  it("puts what arrives while inserts are in flight into the next insert, with a bounded number in flight", async () => {
    const { calls, insert } = heldInsert();
    const enqueue = groupInserts(insert);
    const acks: Promise<void>[] = [];
    let n = 0;
    // The first turn's three deliveries go together; then one insert per turn until all slots are taken.
    acks.push(...[1, 2, 3].map(() => enqueue(delivery(++n))));
    await nextTurn();
    for (let slot = 1; slot < MAX_INSERTS_IN_FLIGHT; slot++) {
      acks.push(enqueue(delivery(++n)));
      await nextTurn();
    }
    expect(calls).toHaveLength(MAX_INSERTS_IN_FLIGHT);
    expect(calls[0]!.ids).toEqual(["evt-1", "evt-2", "evt-3"]);
    // Every slot taken: the next two wait for one of them to commit, then go together.
    const waiting = [++n, ++n];
    acks.push(...waiting.map((id) => enqueue(delivery(id))));
    await nextTurn();
    expect(calls).toHaveLength(MAX_INSERTS_IN_FLIGHT);
    calls[0]!.commit();
    await acks[0];
    await nextTurn();
    expect(calls.at(-1)!.ids).toEqual(waiting.map((id) => `evt-${id}`));
    for (const call of calls.slice(1)) call.commit();
    await Promise.all(acks);
  });

  it("tries a failed insert one delivery at a time, so only the delivery the database refuses fails", async () => {
    const { calls, insert } = heldInsert((ids) => ids.includes("evt-2"));
    const enqueue = groupInserts(insert);
    const outcomes = [1, 2, 3].map((n) =>
      enqueue(delivery(n)).then(
        () => "acknowledged",
        () => "refused",
      ),
    );
    await nextTurn();
    calls[0]!.commit();
    await nextTurn();
    expect(calls.slice(1).map((c) => c.ids)).toEqual([["evt-1"], ["evt-2"], ["evt-3"]]);
    calls.slice(1).forEach((c) => c.commit());
    expect(await Promise.all(outcomes)).toEqual(["acknowledged", "refused", "acknowledged"]);
  });
});
