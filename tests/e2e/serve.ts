/** Playwright's web server: the demo on a brand-new SQLite database, seeded. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startDemo } from "../../demo/start";

const port = Number(process.env.E2E_PORT ?? 3111);
const dir = mkdtempSync(path.join(tmpdir(), "loyalty-e2e-"));
const { appUrl } = await startDemo({ port, databaseUrl: `file:${path.join(dir, "e2e.sqlite")}` });
console.log(`e2e server ready on ${appUrl}`);
