/**
 * The ack floor of `npm run bench:webhooks`: the least an acknowledgement can cost here. A
 * node:http server that reads the body, checks its HMAC as Shopify signs it, inserts it in one
 * autocommit statement on a `pg` pool and answers 200: no Express, no header checks, no queue
 * library. What the app's ack path costs above it is its own overhead.
 *
 *   DATABASE_URL=… SHOPIFY_API_SECRET=… PORT=… node --import tsx scripts/support/ack-floor.ts
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const secret = process.env.SHOPIFY_API_SECRET ?? "";
await pool.query(`CREATE TABLE IF NOT EXISTS bench_ack_floor (id bigserial PRIMARY KEY, body text NOT NULL)`);

http
  .createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const expected = createHmac("sha256", secret).update(body).digest();
      const given = Buffer.from(String(req.headers["x-shopify-hmac-sha256"] ?? ""), "base64");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.writeHead(401).end();
        return;
      }
      pool.query("INSERT INTO bench_ack_floor (body) VALUES ($1)", [body.toString("utf8")]).then(
        () => res.writeHead(200).end(),
        () => res.writeHead(503).end(),
      );
    });
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ack floor ready"));

process.once("SIGTERM", () => void pool.end().finally(() => process.exit(0)));
