import { describe, expect, it } from "vitest";
import { workersEnabled } from "./workers.server";

describe("workersEnabled (LOYALTY_WORKERS)", () => {
  it.each([
    [undefined, true],
    ["", true],
    ["  ", true],
    ["on", true],
    ["ON", true],
    [" on ", true],
    ["off", false],
    ["Off", false],
    [" off\n", false],
  ])("%j → %s", (value, enabled) => {
    expect(workersEnabled({ LOYALTY_WORKERS: value })).toBe(enabled);
  });

  it("runs the workers when the variable is not there at all", () => {
    expect(workersEnabled({})).toBe(true);
  });

  it.each(["false", "0", "no", "web-only", "of"])("refuses %j rather than guess which was meant", (value) => {
    expect(() => workersEnabled({ LOYALTY_WORKERS: value })).toThrow(
      `LOYALTY_WORKERS must be "on" or "off", got ${JSON.stringify(value)}.`,
    );
  });
});
