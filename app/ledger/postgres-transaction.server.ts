/**
 * A ledger transaction on PostgreSQL without Prisma's interactive transaction (decisions 0011,
 * 0020): BEGIN, the caller's statements and posts on one `pg` client of the pool under the
 * Prisma client, COMMIT; run again from the start (on a new client) when it lost a race, as
 * `inLedgerTransaction` does (a unique key taken, a deadlock, a serialization failure). The
 * first attempt posts optimistically: a repeated key fails the INSERT (23505) and the retry
 * looks the key up first (`postOnClient`).
 *
 * On a client that pipelines (pg's `pipeline` option, app/db.server.ts) BEGIN travels with the
 * first statement, and what the caller leaves for the end (`beforeCommit`) with COMMIT.
 */
import type { Pool, PoolClient } from "pg";
import { isRetryableTransactionError, postingResult, type PostEntryInput, type PostResult } from "./ledger.server";
import { postOnClient } from "./postgres-posting.server";

export interface PostgresTransaction {
  readonly client: PoolClient;
  /** Posts look their key up before writing: every attempt after the first. */
  readonly lookupFirst: boolean;
  /**
   * Statements for the end of the transaction, sent just before COMMIT; `send` must send them
   * before its promise first waits (so that, pipelined, they go out ahead of COMMIT). Should
   * one fail, PostgreSQL answers the COMMIT of the failed transaction as a ROLLBACK, and the
   * failure is thrown (and retried when it is a lost race), as if it had been sent before.
   * For writes whose answer the work does not need: it has returned by then.
   */
  beforeCommit(send: () => Promise<void>): void;
  /** `postEntry` on this client: the same rules, rows and errors. */
  postEntry(input: PostEntryInput): Promise<PostResult>;
}

export async function inPostgresTransaction<T>(
  pool: Pool,
  work: (tx: PostgresTransaction) => Promise<T>,
  attempts = 6,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      const pipelined = client.pipeline;
      const begun = client.query("BEGIN");
      begun.catch(() => undefined);
      if (!pipelined) await begun;
      try {
        const atCommit: (() => Promise<void>)[] = [];
        const lookupFirst = attempt > 1;
        const result = await work({
          client,
          lookupFirst,
          beforeCommit: (send) => atCommit.push(send),
          postEntry: async (input) => postingResult(input, await postOnClient(client, input, lookupFirst)),
        });
        await begun;
        if (pipelined) {
          await Promise.all([...atCommit.map((send) => send()), client.query("COMMIT")]);
        } else {
          for (const send of atCommit) await send();
          await client.query("COMMIT");
        }
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {
          broken = true;
        });
        throw error;
      }
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
    } finally {
      // A client whose ROLLBACK failed is not handed to anyone else.
      client.release(broken || undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
  }
}
