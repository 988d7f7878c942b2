/**
 * Readiness: whether this process can do its work now, for a load balancer or an orchestrator
 * to route traffic by. Ready when the database answers and the delivery queue opens and counts
 * its deliveries; the answer carries the queue's depth (every shop's together, no shop named),
 * which is also what the e2e tests wait on instead of sleeping. Unavailable says which of the
 * two failed and nothing more: the error itself (hosts, database names) goes to the log only.
 */
import type { Db } from "../db.server";
import type { QueueHealth } from "../queue/delivery-queue";
import { deliveryQueue } from "../queue/queue.server";
import { logEvent } from "./log.server";

export type Readiness =
  | { status: "ready"; queue: QueueHealth }
  | { status: "unavailable"; reason: "database unavailable" | "queue unavailable" };

/**
 * A check that has not answered by then counts as failed: a probe that hangs on a database
 * behind a broken network would otherwise wait for the prober's own timeout and say nothing.
 */
export const READINESS_DEADLINE_MS = 5_000;

export async function checkReadiness(client: Db, deadlineMs = READINESS_DEADLINE_MS): Promise<Readiness> {
  try {
    await withDeadline(client.$queryRaw`SELECT 1`, deadlineMs);
  } catch (error) {
    return unavailable("database unavailable", error);
  }
  try {
    const queue = await withDeadline(
      deliveryQueue(client).then((opened) => opened.health()),
      deadlineMs,
    );
    return { status: "ready", queue };
  } catch (error) {
    return unavailable("queue unavailable", error);
  }
}

/** GET /health/ready's answer: 200 when ready, 503 otherwise; never cached. */
export async function readinessResponse(client: Db): Promise<Response> {
  const readiness = await checkReadiness(client);
  return Response.json(readiness, {
    status: readiness.status === "ready" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}

function unavailable(reason: "database unavailable" | "queue unavailable", error: unknown): Readiness {
  logEvent("readiness_failed", { reason, message: causeOf(error) }, "warn");
  return { status: "unavailable", reason };
}

/** An error's cause in one line: Prisma's messages open with the call site and end with the cause. */
function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split("\n").map((line) => line.trim());
  return (lines.filter(Boolean).at(-1) ?? "unknown").slice(0, 300);
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
