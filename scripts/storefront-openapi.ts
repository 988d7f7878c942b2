/**
 * Writes docs/api/storefront.openapi.json from app/storefront/storefront-openapi.ts (the
 * routes' zod schemas and errors). Run after changing what a proxy route answers; the
 * document's test fails until you do. Usage: npm run openapi:storefront
 */
import { writeFile } from "node:fs/promises";
import { storefrontOpenApi } from "../app/storefront/storefront-openapi";

const file = new URL("../docs/api/storefront.openapi.json", import.meta.url);
await writeFile(file, `${JSON.stringify(storefrontOpenApi(), null, 2)}\n`);
console.log("Wrote docs/api/storefront.openapi.json");
