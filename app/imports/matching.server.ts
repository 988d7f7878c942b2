/**
 * Which member each row of an import names, a batch of rows at a time: a Shopify customer id
 * matches Member.customerId, an e-mail a member's e-mail whatever its case. Two queries per
 * batch at most, scoped by shop; redacted members match nothing.
 */
import { isPostgresClient, type Db } from "../db.server";

export interface MemberMatches {
  byCustomerId: Map<string, string>;
  byEmail: Map<string, string>;
}

export async function matchMembers(
  db: Db,
  shopId: string,
  customerIds: readonly string[],
  emails: readonly string[],
): Promise<MemberMatches> {
  const byCustomerId = new Map<string, string>();
  const byEmail = new Map<string, string>();
  if (customerIds.length > 0) {
    const members = await db.member.findMany({
      where: { shopId, customerId: { in: [...new Set(customerIds)] }, redactedAt: null },
      select: { id: true, customerId: true },
    });
    for (const member of members) byCustomerId.set(member.customerId, member.id);
  }
  const wanted = [...new Set(emails.map((email) => email.toLowerCase()))];
  if (wanted.length > 0) {
    // Prisma has no case-insensitive `in` on SQLite: lower() in SQL, the same on both engines.
    const postgres = isPostgresClient(db);
    const placeholder = (i: number) => (postgres ? `$${i}` : "?");
    const list = wanted.map((_, i) => placeholder(i + 2)).join(", ");
    const rows = await db.$queryRawUnsafe<{ id: string; email: string }[]>(
      `SELECT "id", lower("email") AS "email" FROM "Member" WHERE "shopId" = ${placeholder(1)} AND "redactedAt" IS NULL AND lower("email") IN (${list}) ORDER BY "createdAt" ASC`,
      shopId,
      ...wanted,
    );
    // Two members with one e-mail: the first enrolled is the one the file means.
    for (const row of rows) if (!byEmail.has(row.email)) byEmail.set(row.email, row.id);
  }
  return { byCustomerId, byEmail };
}
