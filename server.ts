/**
 * The HTTP server: Remix's production build behind Express. `npm start` runs it in
 * production; the demo (scripts/demo.ts) runs the same server with the Shopify emulator of
 * demo/ mounted in front, which only plays Shopify's part (signing requests with the app's
 * secret, as Shopify would) and never relaxes the app's own checks.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { admissionMiddleware, createAdmissionGate, webhookConcurrency } from "./app/webhooks/admission";
import type { DemoOptions } from "./demo/mount";

const root = path.dirname(fileURLToPath(import.meta.url));

export async function createServer(options: { demo?: DemoOptions; buildDir?: string } = {}) {
  const buildDir = options.buildDir ?? path.join(root, "build");
  const app = express();
  app.disable("x-powered-by");
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
  if (options.demo) {
    const { mountDemo } = await import("./demo/mount");
    await mountDemo(app, options.demo);
  }
  const build = (await import(pathToFileURL(path.join(buildDir, "server/index.js")).href)) as ServerBuild;
  // Webhooks are handled a few at a time, first come first served (app/webhooks/admission.ts).
  app.post("/webhooks", admissionMiddleware(createAdmissionGate(webhookConcurrency(process.env.WEBHOOK_CONCURRENCY))));
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));
  return app;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT || 3000);
  const app = await createServer();
  app.listen(port, () => console.log(`Loyalty app listening on http://localhost:${port}`));
}
