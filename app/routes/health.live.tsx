/**
 * GET /health/live: 200 whenever the process serves HTTP at all, checking nothing else, so
 * that an orchestrator restarts a process that has hung, never one whose database is away
 * (that is /health/ready's 503: taken out of rotation, not killed). A Remix resource route, as
 * /health/ready is (see there why).
 */
export const loader = () => Response.json({ status: "live" }, { headers: { "Cache-Control": "no-store" } });
