import { describe, expect, it } from "vitest";
import { deliveryQueueName } from "./queue.server";

describe("deliveryQueueName (WEBHOOK_QUEUE)", () => {
  it("is webhook-deliveries when WEBHOOK_QUEUE is unset or blank", () => {
    expect(deliveryQueueName({})).toBe("webhook-deliveries");
    expect(deliveryQueueName({ WEBHOOK_QUEUE: "" })).toBe("webhook-deliveries");
    expect(deliveryQueueName({ WEBHOOK_QUEUE: "   " })).toBe("webhook-deliveries");
  });

  it.each(["shop-webhooks", "test-1234-abc", "prod.eu_1", "A".repeat(100)])("takes %j as it is", (name) => {
    expect(deliveryQueueName({ WEBHOOK_QUEUE: name })).toBe(name);
  });

  it("trims the spaces around a name", () => {
    expect(deliveryQueueName({ WEBHOOK_QUEUE: "  deliveries \n" })).toBe("deliveries");
  });

  it.each(["has space", "slash/name", "quote'd", "semi;colon", "ünïcode", "A".repeat(101)])(
    "refuses %j, naming what is allowed",
    (name) => {
      expect(() => deliveryQueueName({ WEBHOOK_QUEUE: name })).toThrow(
        `WEBHOOK_QUEUE must be letters, digits, "_", "." or "-", got ${JSON.stringify(name)}.`,
      );
    },
  );

  it("reads process.env by default", () => {
    const before = process.env.WEBHOOK_QUEUE;
    process.env.WEBHOOK_QUEUE = "from-process-env";
    try {
      expect(deliveryQueueName()).toBe("from-process-env");
    } finally {
      if (before === undefined) delete process.env.WEBHOOK_QUEUE;
      else process.env.WEBHOOK_QUEUE = before;
    }
  });
});
