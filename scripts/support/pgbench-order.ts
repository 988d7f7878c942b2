/**
 * pgbench running the app's paid-order transaction on PostgreSQL: the statements of
 * `paidOrderTransaction()` (app/orders/order-store-postgres.server.ts), with pgbench
 * expressions for what is per order (a new order of a new customer each time): what
 * bench:orders and bench:webhooks compare the app's processing with (./pgbench.ts runs it).
 */

/**
 * A SQL literal of a sample value, for the parameters that are the same for every order. A
 * colon becomes chr(58): pgbench reads `:name`, `:'name'` and `:"name"` as variables even
 * inside a literal (an order's earn components are JSON: `"source":"settings_rate"`).
 */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const quoted = `'${String(value).replace(/'/g, "''")}'`;
  return quoted.includes(":") ? `(${quoted.replace(/:/g, "' || chr(58) || '")})` : quoted;
}

/**
 * The transaction as a pgbench script: per-order parameters become expressions of pgbench's
 * :client_id and a random :r (new order, new customer, new member each time), the shop is
 * `-D shop=…`, the clock is the server's (UTC), and the rest are the sample's values. With
 * `pipeline`, statements the app sends together go as one pgbench pipeline.
 */
export async function paidOrderPgbenchScript(points: number, spendMinor: number, pipeline = false): Promise<string> {
  const { paidOrderTransaction } = await import("../../app/orders/order-store-postgres.server");
  const id = (prefix: string) => `('${prefix}-' || :client_id::text || '-' || :r::text)`;
  const now = `(now() AT TIME ZONE 'UTC')`;
  const perOrder: Record<string, string> = {
    shopId: ":shop",
    eventId: id("pgb-event"),
    orderId: id("pgb-order"),
    causeId: id("pgb-order"),
    customerId: id("pgb-customer"),
    customerHash: id("redacted-pgb"),
    memberId: id("pgb-member"),
    entryId: id("pgb-entry"),
    lotId: id("pgb-lot"),
    // chr(58) is ':', which pgbench would read as a variable inside a literal.
    idempotencyKey: `('order' || chr(58) || 'pgb-order-' || :client_id::text || '-' || :r::text || chr(58) || 'earn')`,
    fingerprint: `('["pgb-member-' || :client_id::text || '-' || :r::text || '",${points},"earn","order","pgb-order-' || :client_id::text || '-' || :r::text || '",null]')`,
    now,
    paidAt: now,
    profileSyncedAt: now,
  };
  const lines: string[] = [];
  let inPipeline = false;
  for (const statement of paidOrderTransaction({ points, spendMinor }, { pipeline })) {
    // Statements the app sends together, pgbench sends as one pipeline (\startpipeline … \endpipeline).
    if (statement.withNext && !inPipeline) {
      lines.push("\\startpipeline");
      inPipeline = true;
    }
    const text = statement.text.replace(/\$(\d+)(::\w+)?/g, (_match, n: string, cast: string | undefined) => {
      const name = statement.parameters[Number(n) - 1];
      if (name === undefined) throw new Error(`paidOrderPgbenchScript: no parameter $${n} in ${statement.step}.`);
      const value = perOrder[name] ?? literal(statement.values[Number(n) - 1]);
      return cast ? `(${value})${cast}` : value;
    });
    lines.push(`${text};`);
    if (!statement.withNext && inPipeline) {
      lines.push("\\endpipeline");
      inPipeline = false;
    }
  }
  return `\\set r random(1, 9000000000000000000)\n${lines.join("\n")}\n`;
}
