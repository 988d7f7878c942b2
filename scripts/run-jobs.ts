/**
 * `npm run jobs`: the programme's scheduled work once (app/jobs/scheduled-work.server.ts, then
 * the Shopify facts of app/jobs/facts-work.server.ts), for a cron line where workers do not run
 * it on the queue's schedule. Safe beside running workers.
 */
export {};

const { db } = await import("../app/db.server");
const { runScheduledWork } = await import("../app/jobs/scheduled-work.server");
const { runFactsWork } = await import("../app/jobs/facts-work.server");

try {
  for (const line of await runScheduledWork(db)) console.log(line);
  console.log(await runFactsWork(db));
} finally {
  await db.$disconnect();
}
