/**
 * Shared by the admin browser specs: App Bridge's CDN URL answered with the offline
 * stand-in (nothing else may leave the machine), and a watch for the breakage a glance at
 * the page would miss.
 */
import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";

export const APP_BRIDGE_CDN_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
export const STANDIN_PATH = "/demo/app-bridge.js";
const standin = readFileSync(new URL("../../demo/app-bridge-standin.js", import.meta.url), "utf8");

/**
 * Opens the embedded app at `path` (its home when none) from the offline admin host, and waits
 * until React has taken over the page. Resolves with the admin host's answer.
 */
export async function openAdmin(page: Page, path?: string) {
  const response = await page.goto(path ? `/admin?path=${encodeURIComponent(path)}` : "/admin");
  await expect(page).toHaveURL(/\/app(\/[\w.-]+)*\?/);
  // Polaris sets the body colours when its provider mounts, i.e. once hydration is done.
  await page.waitForFunction(() => document.body.style.backgroundColor !== "");
  return response;
}

export async function serveAppBridgeOffline(page: Page) {
  await page.route("https://cdn.shopify.com/**", (route) => route.abort());
  await page.route(APP_BRIDGE_CDN_URL, (route) =>
    route.fulfill({ contentType: "application/javascript", body: standin }),
  );
}

/** Script errors and failed app requests (400 is a form's answer to invalid input). */
export function watchForBreakage(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("response", (response) => {
    const url = new URL(response.url());
    const status = response.status();
    if (url.hostname !== "cdn.shopify.com" && status >= 400 && status !== 400) {
      problems.push(`${status} from ${url.pathname}`);
    }
  });
  return problems;
}
