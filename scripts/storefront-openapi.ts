/**
 * Writes docs/api/storefront.openapi.json from app/storefront/storefront-openapi.ts (the
 * routes' zod schemas and errors). Run after changing what a proxy route answers; the
 * document's test fails until you do. Usage: npm run openapi:storefront
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { storefrontOpenApi } from "../app/storefront/storefront-openapi";

const file = new URL("../docs/api/storefront.openapi.json", import.meta.url);
// Written as Prettier writes it, so `npm test`'s format check passes on a freshly written document.
const path = fileURLToPath(file);
const options = { ...(await resolveConfig(path)), filepath: path };
await writeFile(file, await format(JSON.stringify(storefrontOpenApi(), null, 2), options));
console.log("Wrote docs/api/storefront.openapi.json");
