/**
 * `npm run demo`: the app on the embedded default (SQLite, demo shop), no Shopify account.
 * Builds the app when the build is missing or older than the sources, then serves it with
 * the Shopify emulator of demo/ and prints where to look.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_DEFAULT_HOST, startDemo } from "../demo/start";
import { appBuildIsStale } from "./support/app-build";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

if (appBuildIsStale(root)) {
  console.log("› Building the app…");
  execFileSync("remix", ["vite:build"], { cwd: root, stdio: "inherit" });
}

const port = Number(process.env.PORT || 3000);
const databaseUrl = process.env.DATABASE_URL ?? `file:${path.join(root, "prisma/demo.sqlite")}`;
const { appUrl, seeded, shop, host } = await startDemo({ port, databaseUrl });
const reachable =
  host === DEMO_DEFAULT_HOST
    ? `Listening on ${host} only (HOST to change).`
    : `Listening on ${host}: anyone who can reach it can open the admin as the demo shop's staff.`;

console.log(`
Loyalty demo for ${shop} ${seeded ? "(freshly seeded)" : "(existing data kept)"}
  Admin (embedded app, as the Shopify admin opens it): ${appUrl}/admin
  Storefront preview (the theme extension's widget):   ${appUrl}/storefront
  Same storefront as a guest:                          ${appUrl}/storefront?as=guest
  Pages that earn (demo rules):                        ${appUrl}/pages/lookbook, ${appUrl}/pages/stores,
                                                       ${appUrl}/products/difference-notebook (share buttons)
Database: ${databaseUrl}   Stop with Ctrl+C.
${reachable}
`);
