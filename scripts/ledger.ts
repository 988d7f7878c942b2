/**
 * Ledger maintenance from the command line (DATABASE_URL selects the database):
 *
 *   npm run ledger:reconcile [-- --shop x.myshopify.com] [-- --fix]
 *       rebuild every cached balance from the entries, report drift, repair with --fix;
 *       exits 1 when drift remains unrepaired
 *   npm run ledger:export -- --shop x.myshopify.com --from 2026-11-01 --to 2026-11-30 [--out f.csv]
 *       the shop's entries from the first day to the last, both included, in the shop's time
 *       zone, as CSV (stdout unless --out); the same period the admin's export takes
 */
import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    shop: { type: "string" },
    fix: { type: "boolean", default: false },
    from: { type: "string" },
    to: { type: "string" },
    out: { type: "string" },
  },
});

const { db } = await import("../app/db.server");
try {
  if (command === "reconcile") {
    const { reconcileAll } = await import("../app/ledger/reconcile.server");
    const report = await reconcileAll(db, { fix: values.fix, shopDomain: values.shop });
    for (const d of report.drifted) {
      const fields = d.drift.map((x) => `${x.field} ${x.cached} → ${x.fromEntries}`).join(", ");
      console.log(`${d.fixed ? "repaired" : "DRIFT"}  member ${d.memberId} (customer ${d.customerId}): ${fields}`);
    }
    console.log(
      `${report.membersChecked} members checked, ${report.drifted.length} drifted${values.fix ? ", repaired" : ""}.`,
    );
    if (report.drifted.length > 0 && !values.fix) process.exitCode = 1;
  } else if (command === "export") {
    const args = z.object({ shop: z.string().min(1, "--shop is required") }).parse(values);
    const { ledgerPeriodSchema, periodInstants } = await import("../app/domain/ledger-period");
    const days = ledgerPeriodSchema.parse({ from: values.from, to: values.to });
    const shop = await db.shop.findUnique({ where: { domain: args.shop } });
    if (!shop) throw new Error(`No shop ${args.shop} in this database.`);
    const { ledgerCsv } = await import("../app/ledger/export.server");
    const out = values.out ? createWriteStream(values.out) : process.stdout;
    for await (const chunk of ledgerCsv(db, shop.id, periodInstants(days, shop.timeZone))) {
      out.write(chunk);
    }
    if (values.out) out.end();
  } else {
    console.error(
      "usage: ledger.ts reconcile [--shop domain] [--fix] | export --shop domain --from YYYY-MM-DD --to YYYY-MM-DD [--out file]",
    );
    process.exitCode = 2;
  }
} finally {
  await db.$disconnect();
}
