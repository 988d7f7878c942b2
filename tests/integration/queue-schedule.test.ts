/**
 * The programme's scheduled work runs from the workers without an external cron: on pg-boss
 * as a schedule every instance shares (one job per period), on the embedded queue as a timer
 * in the worker's process. `npm run jobs` runs the same work once (app/jobs/scheduled-work.server.ts).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { db, isPostgresClient } from "../../app/db.server";
import { SCHEDULED_WORK_CRON, runScheduledWork } from "../../app/jobs/scheduled-work.server";
import type { PgBoss } from "pg-boss";
import { openDeliveryQueue, stopDeliveryQueues } from "../../app/queue/queue.server";

afterEach(async () => {
  vi.useRealTimers();
  await stopDeliveryQueues();
});

describe("scheduled work", () => {
  it("is every job of `npm run jobs`, each saying what it did", async () => {
    const lines = await runScheduledWork(db, new Date());
    expect(lines.map((line) => line.split(":")[0])).toEqual([
      "Pending points released",
      "Points expired",
      "Redemptions settled",
      "Rate-limit counters pruned",
      "Events API receipts pruned",
      "Birthday points",
      "Tiers",
      "Membership milestones",
      "Order backfills",
      "Points imports",
    ]);
  });

  it("runs from the workers without an external cron", async () => {
    if (isPostgresClient(db)) await expectSharedPgBossSchedule();
    else await expectEmbeddedTimer();
  });
});

/** pg-boss: a schedule every 15 minutes; a second instance starting it adds no other. */
async function expectSharedPgBossSchedule() {
  const queue = (await openDeliveryQueue(db)) as Awaited<ReturnType<typeof openDeliveryQueue>> & { boss: PgBoss };
  const name = `programme-jobs-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await queue.startSchedule(name, { cron: SCHEDULED_WORK_CRON, everyMs: 15 * 60_000 }, async () => {});
    await queue.startSchedule(name, { cron: SCHEDULED_WORK_CRON, everyMs: 15 * 60_000 }, async () => {});
    const schedules = await queue.boss.getSchedules(name);
    expect(schedules.map((s) => s.cron)).toEqual(["*/15 * * * *"]);
  } finally {
    await queue.stop();
  }
}

/** The embedded queue: a timer in the worker's process, one run at a time. */
async function expectEmbeddedTimer() {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  const queue = await openDeliveryQueue(db);
  let runs = 0;
  let release: () => void = () => {};
  await queue.startSchedule("programme-jobs", { cron: SCHEDULED_WORK_CRON, everyMs: 60_000 }, async () => {
    runs++;
    await new Promise<void>((resolve) => (release = resolve));
  });
  expect(runs).toBe(0);
  vi.advanceTimersByTime(60_000);
  expect(runs).toBe(1);
  // Still running when the next period comes: that period is skipped, not run twice at once.
  vi.advanceTimersByTime(60_000);
  expect(runs).toBe(1);
  release();
  await new Promise((resolve) => setImmediate(resolve));
  vi.advanceTimersByTime(60_000);
  expect(runs).toBe(2);
  release();
  await queue.stop();
}
