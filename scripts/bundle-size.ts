/**
 * Measures what the storefront widget costs shoppers: gzips (level 9) every JS and CSS file in
 * extensions/<name>/assets and reports each. Fails when the JavaScript every storefront page
 * loads (the files the blocks load with a <script src> tag; the panel module they import on
 * interaction is not among them) exceeds 4,000 B, or when any file exceeds Shopify's 10,000 B
 * per-file budget for theme app extensions. Writes bench/results/bundle-size.json so the numbers
 * (and how they compare with the budgets and with competitors' widgets) are on record.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outputFile = path.join(root, "bench/results/bundle-size.json");

/** Theme Check's AssetSizeAppBlockJavaScript threshold for theme app extensions: any one file. */
const FILE_BUDGET_BYTES = 10_000;
/** The project's budget for the JavaScript every storefront page loads (issue 11). */
const EVERY_PAGE_BUDGET_BYTES = 4_000;

/**
 * Published sizes of competing loyalty widgets' storefront JavaScript, as cited in the project
 * brief. They are not re-measured here (this check runs offline); 1 KB is taken as 1,000 bytes.
 */
const COMPETITORS = [
  { name: "Smile", approxBytes: 105_000 },
  { name: "LoyaltyLion", approxBytes: 113_000 },
  { name: "Yotpo", approxBytes: 285_000 },
];

interface AssetSize {
  file: string;
  kind: "js" | "css";
  rawBytes: number;
  gzipBytes: number;
  /** Loaded by a <script src> tag of a block: on every page the block is on. */
  everyPage: boolean;
}

/** The asset names the extension's blocks load with `<script src="{{ 'name.js' | asset_url }}">`. */
async function scriptTagAssets(extensionDir: string): Promise<Set<string>> {
  const names = new Set<string>();
  const blocksDir = path.join(extensionDir, "blocks");
  for (const file of await readdir(blocksDir).catch(() => [] as string[])) {
    const liquid = await readFile(path.join(blocksDir, file), "utf8");
    for (const match of liquid.matchAll(/<script[^>]*\bsrc="\{\{\s*'([^']+\.js)'\s*\|\s*asset_url\s*\}\}"/g))
      names.add(match[1]!);
  }
  return names;
}

async function measureAssets(): Promise<AssetSize[]> {
  const extensionsDir = path.join(root, "extensions");
  const sizes: AssetSize[] = [];
  for (const extension of await readdir(extensionsDir, { withFileTypes: true })) {
    if (!extension.isDirectory()) continue;
    const assetsDir = path.join(extensionsDir, extension.name, "assets");
    const files = await readdir(assetsDir).catch(() => [] as string[]);
    const everyPage = await scriptTagAssets(path.join(extensionsDir, extension.name));
    for (const name of files.sort()) {
      const kind = name.endsWith(".js") ? "js" : name.endsWith(".css") ? "css" : null;
      if (!kind) continue;
      const content = await readFile(path.join(assetsDir, name));
      sizes.push({
        file: path.relative(root, path.join(assetsDir, name)),
        kind,
        rawBytes: content.byteLength,
        gzipBytes: gzipSync(content, { level: 9 }).byteLength,
        everyPage: everyPage.has(name),
      });
    }
  }
  return sizes;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

const assets = await measureAssets();
const js = assets.filter((asset) => asset.kind === "js");
const totalJsGzip = js.reduce((sum, asset) => sum + asset.gzipBytes, 0);
const totalCssGzip = assets.filter((asset) => asset.kind === "css").reduce((sum, asset) => sum + asset.gzipBytes, 0);
const everyPageJsGzip = js.filter((asset) => asset.everyPage).reduce((sum, asset) => sum + asset.gzipBytes, 0);
const overFileBudget = assets.filter((asset) => asset.gzipBytes > FILE_BUDGET_BYTES);
const withinBudget = overFileBudget.length === 0 && everyPageJsGzip <= EVERY_PAGE_BUDGET_BYTES;

const report = {
  measuredAt: new Date().toISOString(),
  compression: "gzip level 9",
  files: assets,
  totals: { jsGzipBytes: totalJsGzip, everyPageJsGzipBytes: everyPageJsGzip, cssGzipBytes: totalCssGzip },
  budget: {
    everyPageJsGzipBytes: EVERY_PAGE_BUDGET_BYTES,
    fileGzipBytes: FILE_BUDGET_BYTES,
    source:
      "every page: the project's 4 KB budget (issue 11); any file: Shopify theme app extension limit (Theme Check AssetSizeAppBlockJavaScript)",
    ratio: round(everyPageJsGzip / EVERY_PAGE_BUDGET_BYTES),
    withinBudget,
  },
  competitors: COMPETITORS.map((competitor) => ({
    ...competitor,
    source: "published widget size cited in the project brief, not measured here",
    ourJsRatio: round(everyPageJsGzip / competitor.approxBytes),
  })),
};

await mkdir(path.dirname(outputFile), { recursive: true });
await writeFile(outputFile, `${JSON.stringify(report, null, 2)}\n`);

for (const asset of assets) {
  const budget = asset.everyPage ? " (every page)" : "";
  console.log(`${asset.file}: ${asset.rawBytes} B raw, ${asset.gzipBytes} B gzip${budget}`);
}
console.log(
  `Every-page JavaScript: ${everyPageJsGzip} B gzip of a ${EVERY_PAGE_BUDGET_BYTES} B budget (${Math.round(report.budget.ratio * 100)}%); all JavaScript ${totalJsGzip} B`,
);
for (const competitor of report.competitors) {
  console.log(`  vs ${competitor.name} (~${competitor.approxBytes} B): ${round(competitor.ourJsRatio * 100)}%`);
}
console.log(`Wrote ${path.relative(root, outputFile)}`);

if (js.length === 0) {
  console.error("bundle-size: no JavaScript found in extensions/*/assets");
  process.exit(1);
}
for (const asset of overFileBudget)
  console.error(
    `bundle-size failed: ${asset.file} is ${asset.gzipBytes} B gzipped, over the ${FILE_BUDGET_BYTES} B per-file budget`,
  );
if (everyPageJsGzip > EVERY_PAGE_BUDGET_BYTES)
  console.error(
    `bundle-size failed: the JavaScript every page loads is ${everyPageJsGzip} B gzipped, over the ${EVERY_PAGE_BUDGET_BYTES} B budget`,
  );
if (!withinBudget) process.exit(1);
