/**
 * Measures what the storefront widget costs shoppers: gzips (level 9) every JS and CSS file in
 * extensions/<name>/assets, fails when the JavaScript exceeds Shopify's 10,000-byte budget for
 * theme app extensions, and writes bench/results/bundle-size.json so the numbers (and how
 * they compare with the budget and with competitors' widgets) are on record.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outputFile = path.join(root, "bench/results/bundle-size.json");

/** Theme Check's AssetSizeAppBlockJavaScript threshold for theme app extensions. */
const JS_BUDGET_BYTES = 10_000;

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
}

async function measureAssets(): Promise<AssetSize[]> {
  const extensionsDir = path.join(root, "extensions");
  const sizes: AssetSize[] = [];
  for (const extension of await readdir(extensionsDir, { withFileTypes: true })) {
    if (!extension.isDirectory()) continue;
    const assetsDir = path.join(extensionsDir, extension.name, "assets");
    const files = await readdir(assetsDir).catch(() => [] as string[]);
    for (const name of files.sort()) {
      const kind = name.endsWith(".js") ? "js" : name.endsWith(".css") ? "css" : null;
      if (!kind) continue;
      const content = await readFile(path.join(assetsDir, name));
      sizes.push({
        file: path.relative(root, path.join(assetsDir, name)),
        kind,
        rawBytes: content.byteLength,
        gzipBytes: gzipSync(content, { level: 9 }).byteLength,
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
const withinBudget = totalJsGzip <= JS_BUDGET_BYTES;

const report = {
  measuredAt: new Date().toISOString(),
  compression: "gzip level 9",
  files: assets,
  totals: { jsGzipBytes: totalJsGzip, cssGzipBytes: totalCssGzip },
  budget: {
    jsGzipBytes: JS_BUDGET_BYTES,
    source: "Shopify theme app extension limit (Theme Check AssetSizeAppBlockJavaScript)",
    ratio: round(totalJsGzip / JS_BUDGET_BYTES),
    withinBudget,
  },
  competitors: COMPETITORS.map((competitor) => ({
    ...competitor,
    source: "published widget size cited in the project brief, not measured here",
    ourJsRatio: round(totalJsGzip / competitor.approxBytes),
  })),
};

await mkdir(path.dirname(outputFile), { recursive: true });
await writeFile(outputFile, `${JSON.stringify(report, null, 2)}\n`);

for (const asset of assets) {
  console.log(`${asset.file}: ${asset.rawBytes} B raw, ${asset.gzipBytes} B gzip`);
}
console.log(
  `JavaScript total: ${totalJsGzip} B gzip of a ${JS_BUDGET_BYTES} B budget (${Math.round(report.budget.ratio * 100)}%)`,
);
for (const competitor of report.competitors) {
  console.log(`  vs ${competitor.name} (~${competitor.approxBytes} B): ${round(competitor.ourJsRatio * 100)}%`);
}
console.log(`Wrote ${path.relative(root, outputFile)}`);

if (js.length === 0) {
  console.error("bundle-size: no JavaScript found in extensions/*/assets");
  process.exit(1);
}
if (!withinBudget) {
  console.error(`bundle-size failed: JavaScript is ${totalJsGzip} B gzipped, over the ${JS_BUDGET_BYTES} B budget`);
  process.exit(1);
}
