/**
 * `npm run jobs`: the programme's scheduled work once (app/jobs/scheduled-work.server.ts), for a
 * cron line where workers do not run it on the queue's schedule. Safe beside running workers.
 */
export {};

const { db } = await import("../app/db.server");
const { runScheduledWork } = await import("../app/jobs/scheduled-work.server");

try {
  for (const line of await runScheduledWork(db)) console.log(line);
} finally {
  await db.$disconnect();
}
