import { describe, expect, it } from "vitest";
import type { QueueHealth } from "./delivery-queue";
import { DELAYED_AFTER_SECONDS, processingState, waitAge } from "./processing-status";

const idle: QueueHealth = { waiting: 0, active: 0, retrying: 0, oldestWaitingSeconds: null };

describe("processingState", () => {
  it("is caught up when nothing waits, is in hand or will be retried", () => {
    expect(processingState(idle)).toBe("caught-up");
  });

  it.each([
    [{ waiting: 3, oldestWaitingSeconds: 2 }],
    [{ active: 1 }],
    [{ retrying: 1 }],
    [{ waiting: 1, oldestWaitingSeconds: DELAYED_AFTER_SECONDS }],
  ])("is catching up with %j", (overrides) => {
    expect(processingState({ ...idle, ...overrides })).toBe("catching-up");
  });

  it("is delayed once the oldest waiting delivery has waited longer than a few minutes", () => {
    expect(processingState({ ...idle, waiting: 1, oldestWaitingSeconds: DELAYED_AFTER_SECONDS + 1 })).toBe("delayed");
    expect(DELAYED_AFTER_SECONDS).toBe(300);
  });
});

describe("waitAge", () => {
  it.each([
    [0, "under a minute"],
    [59, "under a minute"],
    [60, "1 min"],
    [180, "3 min"],
    [3_599, "59 min"],
    [3_600, "1 h"],
    [3_900, "1 h 5 min"],
    [47 * 3_600 + 59 * 60, "47 h 59 min"],
    [48 * 3_600, "2 days"],
    [10 * 86_400 + 5, "10 days"],
  ])("%i s → %s", (seconds, said) => {
    expect(waitAge(seconds)).toBe(said);
  });
});
