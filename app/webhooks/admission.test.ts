import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { admissionMiddleware, createAdmissionGate, webhookConcurrency } from "./admission";

describe("createAdmissionGate", () => {
  it("admits up to the limit at once and the others in arrival order", async () => {
    const gate = createAdmissionGate(2);
    const admitted: number[] = [];
    const leaves = new Map<number, () => void>();
    const arrivals = [1, 2, 3, 4, 5].map((n) =>
      gate.enter().then((leave) => {
        admitted.push(n);
        leaves.set(n, leave);
      }),
    );
    await Promise.resolve();
    await Promise.resolve();
    expect(admitted).toEqual([1, 2]);
    expect([gate.running, gate.waiting]).toEqual([2, 3]);

    leaves.get(2)!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(admitted).toEqual([1, 2, 3]);
    expect([gate.running, gate.waiting]).toEqual([2, 2]);

    leaves.get(1)!();
    leaves.get(3)!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(admitted).toEqual([1, 2, 3, 4, 5]);
    expect([gate.running, gate.waiting]).toEqual([2, 0]);

    leaves.get(4)!();
    leaves.get(5)!();
    await Promise.all(arrivals);
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });

  it("counts a place freed twice only once", async () => {
    const gate = createAdmissionGate(1);
    const leave = await gate.enter();
    const second = gate.enter();
    const third = gate.enter();
    leave();
    leave();
    await second;
    await new Promise((resolve) => setImmediate(resolve));
    expect([gate.running, gate.waiting]).toEqual([1, 1]);
    (await second)();
    (await third)();
    expect([gate.running, gate.waiting]).toEqual([0, 0]);
  });

  it("refuses a limit that admits nothing", () => {
    expect(() => createAdmissionGate(0)).toThrow(/≥ 1/);
    expect(() => createAdmissionGate(1.5)).toThrow();
  });
});

describe("webhookConcurrency", () => {
  it("reads WEBHOOK_CONCURRENCY, with a default", () => {
    expect(webhookConcurrency(undefined)).toBe(16);
    expect(webhookConcurrency(" ")).toBe(16);
    expect(webhookConcurrency("4")).toBe(4);
    for (const bad of ["0", "-2", "2.5", "many", "1001"])
      expect(() => webhookConcurrency(bad), bad).toThrow(/WEBHOOK_CONCURRENCY/);
  });
});

describe("admissionMiddleware", () => {
  /** A server admitting one request at a time, whose handler answers when told to. */
  async function slowServer() {
    const gate = createAdmissionGate(1);
    const admit = admissionMiddleware(gate);
    const handled: string[] = [];
    const closed: string[] = [];
    const pending: (() => void)[] = [];
    const server = http.createServer((request, response) => {
      response.once("close", () => closed.push(request.url!));
      admit(request, response, () => {
        handled.push(request.url!);
        pending.push(() => response.end("ok"));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return { gate, handled, closed, pending, server, url: (p: string) => `http://127.0.0.1:${port}${p}` };
  }

  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
  };

  it("queues requests past the limit, and frees the place of one abandoned while it waited", async () => {
    const { gate, handled, closed, pending, server, url } = await slowServer();
    try {
      const first = fetch(url("/first")).then((r) => r.text());
      await until(() => handled.length === 1);

      const abandoned = new AbortController();
      const second = fetch(url("/abandoned"), { signal: abandoned.signal }).catch(() => "aborted");
      const third = fetch(url("/third")).then((r) => r.text());
      await until(() => gate.waiting === 2);
      abandoned.abort();
      expect(await second).toBe("aborted");
      await until(() => closed.includes("/abandoned"));

      pending.shift()!();
      expect(await first).toBe("ok");
      // The abandoned request is skipped: the third is handled next, and only it.
      await until(() => handled.length === 2);
      pending.shift()!();
      expect(await third).toBe("ok");
      expect(handled).toEqual(["/first", "/third"]);
      await until(() => gate.running === 0);
      expect(gate.waiting).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
