import { afterEach, describe, expect, it, vi } from "vitest";
import { logEvent } from "./log.server";

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

function capture() {
  const out = vi.spyOn(console, "log").mockImplementation(() => undefined);
  const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
  return { out, err };
}

describe("logEvent", () => {
  it("writes one JSON line to stdout: time, level, event, then the fields", () => {
    vi.useFakeTimers({ now: new Date("2026-03-01T12:00:00.000Z") });
    const { out, err } = capture();
    logEvent("webhook_queue", { queue: "embedded", waiting: 3, active: 1, retrying: 0, oldestWaitingSeconds: 42 });

    expect(err).not.toHaveBeenCalled();
    expect(out).toHaveBeenCalledTimes(1);
    const line = out.mock.calls[0]![0] as string;
    expect(line).not.toContain("\n");
    expect(Object.keys(JSON.parse(line))).toEqual([
      "time",
      "level",
      "event",
      "queue",
      "waiting",
      "active",
      "retrying",
      "oldestWaitingSeconds",
    ]);
    expect(JSON.parse(line)).toEqual({
      time: "2026-03-01T12:00:00.000Z",
      level: "info",
      event: "webhook_queue",
      queue: "embedded",
      waiting: 3,
      active: 1,
      retrying: 0,
      oldestWaitingSeconds: 42,
    });
  });

  it("keeps a null (no delivery waiting) as null, and a message with newlines on one line", () => {
    const { out } = capture();
    logEvent("webhook_queue", { oldestWaitingSeconds: null, note: "first\nsecond" });
    const line = out.mock.calls[0]![0] as string;
    expect(line.split("\n")).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ oldestWaitingSeconds: null, note: "first\nsecond" });
  });

  it.each([
    ["queue_error", "error"],
    ["delivery_retry", "warn"],
  ] as const)("writes %s to stderr at level %s", (event, level) => {
    const { out, err } = capture();
    logEvent(event, { message: "x" });
    expect(out).not.toHaveBeenCalled();
    expect(JSON.parse(err.mock.calls[0]![0] as string)).toMatchObject({ level, event, message: "x" });
  });

  it("takes the level it is given over the event's own", () => {
    const { out, err } = capture();
    logEvent("readiness_failed", { reason: "database unavailable" }, "warn");
    logEvent("queue_error", { message: "recovered" }, "info");
    expect(JSON.parse(err.mock.calls[0]![0] as string)).toMatchObject({ level: "warn", event: "readiness_failed" });
    expect(JSON.parse(out.mock.calls[0]![0] as string)).toMatchObject({ level: "info", event: "queue_error" });
  });

  it("does not let a field replace the time, level or event it was logged with", () => {
    const { out } = capture();
    logEvent("workers_started", { queue: "pg-boss", level: "debug", event: "other", time: "yesterday" });
    const line = out.mock.calls[0]![0] as string;
    expect(Object.keys(JSON.parse(line)).slice(0, 3)).toEqual(["time", "level", "event"]);
    expect(JSON.parse(line)).toMatchObject({ level: "info", event: "workers_started", queue: "pg-boss" });
    expect(JSON.parse(line).time).not.toBe("yesterday");
  });
});
