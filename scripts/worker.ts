/**
 * `npm run worker`: the queue's workers without the web server, for production to scale them
 * apart from it (run the web with LOYALTY_WORKERS=off). SIGTERM finishes the batch in hand.
 */
export {};

const { db } = await import("../app/db.server");
const { startWorkers } = await import("../app/queue/workers.server");

const workers = await startWorkers(db);
console.log("Loyalty workers running");
process.once("SIGTERM", () => void workers.stop().finally(() => process.exit(0)));
process.once("SIGINT", () => void workers.stop().finally(() => process.exit(0)));
