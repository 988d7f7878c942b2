/**
 * Waiting for the server's workers, without sleeping: a webhook is answered once it is
 * queued, and applied a moment later by the server's own workers. A spec that posted one and
 * then looks for its effect polls GET /health/ready until nothing waits and nothing is in hand
 * (expect.poll: a condition, re-checked until it holds or the test's timeout), then goes on.
 */
import { expect, type APIRequestContext } from "@playwright/test";
import type { QueueHealth } from "../../app/queue/delivery-queue";

/**
 * Resolves with the queue's health once every delivery the server holds has been processed
 * (waiting + active = 0). `base` is the server's URL when it is not the config's baseURL.
 * A delivery that failed and waits for its retry counts in `retrying`: callers expecting an
 * effect should check that it is 0.
 */
export async function waitForDeliveries(request: APIRequestContext, base = ""): Promise<QueueHealth> {
  let health: QueueHealth | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get(`${base}/health/ready`);
        if (response.status() !== 200) return `GET /health/ready answered ${response.status()}`;
        health = ((await response.json()) as { queue: QueueHealth }).queue;
        return health.waiting + health.active;
      },
      { message: "the server's workers processed every delivery it acknowledged", intervals: [50, 100, 250] },
    )
    .toBe(0);
  return health!;
}
