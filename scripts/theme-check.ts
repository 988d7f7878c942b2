/**
 * Lints every theme app extension in extensions/ with Shopify's own Theme Check, using the
 * app-extension rule set (the one `shopify app deploy` applies: valid app block schema and
 * tags, translation keys that exist, no parser-blocking scripts, asset size budgets...).
 * Prints every offence and exits 1 when any has error severity. Runs offline: the package
 * ships its rules and Liquid docs. Usage: npm run theme-check [-- extensions/<name> ...]
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { check, Severity, type Offense } from "@shopify/theme-check-node";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const severityNames: Record<Severity, string> = {
  [Severity.ERROR]: "error",
  [Severity.WARNING]: "warning",
  [Severity.INFO]: "info",
};

async function themeExtensionDirs(): Promise<string[]> {
  const extensionsDir = path.join(root, "extensions");
  const entries = await readdir(extensionsDir, { withFileTypes: true });
  const dirs: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(extensionsDir, entry.name);
    const toml = await readFile(path.join(dir, "shopify.extension.toml"), "utf8").catch(() => "");
    if (/^\s*type\s*=\s*"theme"\s*$/m.test(toml)) dirs.push(dir);
  }
  return dirs;
}

function describe(offense: Offense, dir: string): string {
  const file = path.relative(dir, fileURLToPath(offense.uri));
  const where = `${file}:${offense.start.line}:${offense.start.character + 1}`;
  return `  ${severityNames[offense.severity]} ${offense.check} ${where}\n    ${offense.message}`;
}

const requested = process.argv.slice(2).map((dir) => path.resolve(root, dir));
const dirs = requested.length > 0 ? requested : await themeExtensionDirs();
if (dirs.length === 0) {
  console.error("theme-check: no theme app extension found under extensions/");
  process.exit(1);
}

let errors = 0;
for (const dir of dirs) {
  // Name the config explicitly rather than relying on auto-detection from the .toml file.
  const offenses = await check(dir, "theme-check:theme-app-extension");
  const dirErrors = offenses.filter((offense) => offense.severity === Severity.ERROR).length;
  errors += dirErrors;
  console.log(`${path.relative(root, dir)}: ${offenses.length} offence(s), ${dirErrors} error(s)`);
  for (const offense of offenses) console.log(describe(offense, dir));
}

if (errors > 0) {
  console.error(`theme-check failed: ${errors} error(s)`);
  process.exit(1);
}
console.log("theme-check passed");
