/**
 * docs/security.md is a contract others read: its limits and refusal codes are held to the
 * constants the code enforces, so changing one without the other fails here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FORM_MEDIA_TYPES } from "./admin/form-body.server";
import { EVENT_LIMITS } from "./domain/anti-farming";
import { EVENTS_API_ERRORS, MAX_BODY_BYTES, TIMESTAMP_TOLERANCE_SECONDS } from "./domain/events-api";
import { MAX_POINTS } from "./domain/ledger";
import { CALLER_PARAMETERS, WIDGET_BODY_LIMIT_BYTES } from "./storefront/proxy-input";
import { DEFAULT_WEBHOOK_CONCURRENCY } from "./webhooks/admission";
import { INTAKE_REFUSALS, WEBHOOK_BODY_LIMIT_BYTES, WEBHOOK_BODY_TIMEOUT_MS } from "./webhooks/intake";

// Runs of spaces folded: Prettier pads the Markdown tables to align their columns.
const doc = readFileSync(path.resolve(import.meta.dirname, "../docs/security.md"), "utf8").replace(/ {2,}/g, " ");
/** 2097152 → "2,097,152", as the page writes numbers. */
const written = (n: number) => n.toLocaleString("en-US");

describe("docs/security.md", () => {
  it("states the webhook intake's limits and every refusal it answers", () => {
    expect(doc).toContain(`${written(WEBHOOK_BODY_LIMIT_BYTES)} bytes`);
    expect(doc).toContain(`${WEBHOOK_BODY_TIMEOUT_MS / 1000} s`);
    expect(doc).toContain(`| ${DEFAULT_WEBHOOK_CONCURRENCY} (\`WEBHOOK_CONCURRENCY\`)`);
    // Every refusal the intake has, so a new one cannot be left out of the page.
    const refusals = Object.values(INTAKE_REFUSALS).map((refusal) => refusal(1));
    expect(refusals.map(({ error }) => error)).toContain("missing_headers");
    for (const { status, error } of refusals) expect(doc).toContain(`${status} \`${error}\``);
  });

  it("states the events API's limits and its whole error catalogue", () => {
    expect(doc).toContain(`Events API body | ${MAX_BODY_BYTES / 1024} KiB`);
    expect(doc).toContain(`±${TIMESTAMP_TOLERANCE_SECONDS} s`);
    for (const code of Object.keys(EVENTS_API_ERRORS)) expect(doc).toContain(`\`${code}\``);
  });

  it("states the rate limits and the bounds on points and money", () => {
    expect(doc).toContain(`${EVENT_LIMITS.perCustomerPerMinute} a minute, ${EVENT_LIMITS.perCustomerPerDay} a day`);
    expect(doc).toContain(`${written(EVENT_LIMITS.perShopPerMinute)} a minute`);
    expect(doc).toContain(`±${written(MAX_POINTS)}`);
    expect(doc).toContain(written(Number.MAX_SAFE_INTEGER));
  });

  it("names every proxy caller parameter that may appear only once, and the admin's form types", () => {
    for (const name of CALLER_PARAMETERS) expect(doc).toContain(`\`${name}\``);
    expect(doc).toContain(`Widget call body (events, profile, redeem, cancel) | ${WIDGET_BODY_LIMIT_BYTES / 1024} KiB`);
    for (const type of FORM_MEDIA_TYPES) expect(doc).toContain(`\`${type}\``);
  });
});
