/**
 * The HTTP server: Remix's production build behind Express. `npm start` runs it in
 * production; the demo (scripts/demo.ts) runs the same server with the Shopify emulator of
 * demo/ mounted in front, which only plays Shopify's part (signing requests with the app's
 * secret, as Shopify would) and never relaxes the app's own checks.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import {
  createRequestHandler as createRemixHandler,
  writeReadableStreamToWritable,
  type ServerBuild,
} from "@remix-run/node";
import express from "express";
import { env } from "./app/env.server";
import { admissionMiddleware, createAdmissionGate, webhookConcurrency } from "./app/webhooks/admission";
import { requestHeaders, verifiedWebhookBody, webhookIntake } from "./app/webhooks/intake";
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
  // A webhook's body is read (bounded, within a deadline) and its signature checked before it
  // may wait for one of the few places (app/webhooks/intake.ts, app/webhooks/admission.ts).
  app.post(
    "/webhooks",
    webhookIntake({ secret: env.SHOPIFY_API_SECRET }),
    admissionMiddleware(createAdmissionGate(webhookConcurrency(process.env.WEBHOOK_CONCURRENCY))),
    verifiedWebhookHandler(build),
  );
  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));
  return app;
}

/**
 * Remix for a webhook the intake has read: the route gets the very bytes whose signature was
 * checked (its authenticate.webhook checks them again), since the request stream is spent.
 */
function verifiedWebhookHandler(build: ServerBuild): express.RequestHandler {
  const handle = createRemixHandler(build, process.env.NODE_ENV);
  return async (req, res, next) => {
    try {
      const abandoned = new AbortController();
      res.once("close", () => res.writableFinished || abandoned.abort());
      const request = new Request(new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`), {
        method: req.method,
        headers: requestHeaders(req),
        body: verifiedWebhookBody(req),
        signal: abandoned.signal,
      });
      const response = await handle(request);
      res.statusMessage = response.statusText;
      res.status(response.status);
      response.headers.forEach((value, name) => res.append(name, value));
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * Listens on `HOST` when it is set, else on `defaultHost` (every interface when undefined),
 * and resolves once listening.
 */
export function listen(app: express.Express, port: number, defaultHost?: string): Promise<Server> {
  const host = process.env.HOST?.trim() || defaultHost;
  return new Promise((resolve, reject) => {
    const server = host === undefined ? app.listen(port) : app.listen(port, host);
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT || 3000);
  const app = await createServer();
  // Every interface unless HOST says otherwise: a deployment is reached through its platform's
  // proxy or load balancer, and every route authenticates what it is sent.
  const { address, port: listening } = (await listen(app, port)).address() as AddressInfo;
  console.log(`Loyalty app listening on port ${listening} (${address})`);
}
