/**
 * The paid-order pgbench script names only pgbench's own variables: pgbench substitutes
 * `:name`, `:'name'` and `:"name"` anywhere, literals included, so a sample value with a
 * colon in it (an order's earn components are JSON) would become a parameter pgbench cannot
 * type, and every client would abort (it did, once earnComponents joined the transaction).
 */
import { describe, expect, it } from "vitest";
import { paidOrderPgbenchScript } from "./pgbench-order";

const PGBENCH_VARIABLES = new Set(["shop", "client_id", "r"]);

function variablesIn(script: string): string[] {
  // Casts (`::int`) are not variables; pgbench skips them too.
  return [...script.replace(/::[A-Za-z_]\w*/g, "").matchAll(/:(?:(['"])([^'"]*)\1|([A-Za-z_][A-Za-z0-9_]*))/g)].map(
    (match) => match[2] ?? match[3]!,
  );
}

describe("the paid-order pgbench script", () => {
  for (const pipeline of [false, true]) {
    it(`uses pgbench's variables only${pipeline ? ", pipelined" : ""}`, async () => {
      const script = await paidOrderPgbenchScript(42, 4200, pipeline);
      expect(script).toContain('"earnComponents"');
      const unknown = variablesIn(script).filter((name) => !PGBENCH_VARIABLES.has(name));
      expect(unknown).toEqual([]);
    });
  }
});
