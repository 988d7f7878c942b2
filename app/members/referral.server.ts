/**
 * Members' referral codes: given out lazily (the first time a member's link is shown), one
 * per member, unique in the shop (Member.referralCode), and looked up when a friend's order
 * carries one.
 */
import { randomBytes } from "node:crypto";
import type { Db, Tx } from "../db.server";
import { generateReferralCode, liveReferralRules, normalizeReferralCode, referralUrl } from "../domain/referral-code";
import type { Rule } from "../domain/rules";
import { rulesForEvaluation } from "../rules/rules.server";

type Client = Db | Tx;

const ATTEMPTS = 5;

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";

/**
 * The member's code, created if they have none. Concurrent calls agree: only a member
 * without a code is given one, and everyone reads back the code that won.
 */
export async function ensureReferralCode(client: Client, shopId: string, memberId: string): Promise<string> {
  // A transaction client has no $transaction; there a failed statement aborts the whole
  // transaction on PostgreSQL, so a collision is left to the caller's retry (P2002 is one
  // that inLedgerTransaction retries) instead of being retried here.
  const inTransaction = !("$transaction" in client);
  for (let attempt = 1; attempt <= ATTEMPTS + 1; attempt++) {
    const member = await client.member.findFirstOrThrow({
      where: { id: memberId, shopId },
      select: { referralCode: true },
    });
    if (member.referralCode) return member.referralCode;
    if (attempt > ATTEMPTS) break;
    const candidate = generateReferralCode((size) => randomBytes(size));
    if (await client.member.findFirst({ where: { shopId, referralCode: candidate }, select: { id: true } })) continue;
    try {
      await client.member.updateMany({
        where: { id: memberId, shopId, referralCode: null },
        data: { referralCode: candidate },
      });
    } catch (error) {
      if (inTransaction || !isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`No free referral code found for member ${memberId} after ${ATTEMPTS} attempts.`);
}

export async function findMemberByReferralCode(client: Client, shopId: string, rawCode: string) {
  const code = normalizeReferralCode(rawCode);
  if (!code) return null;
  return client.member.findFirst({ where: { shopId, referralCode: code, redactedAt: null } });
}

/**
 * The signed-in member's referral link for the storefront, only while a referral rule pays
 * (a link that earns nothing would be a broken promise).
 */
/**
 * The same from what the storefront view already read: the shop's rules and domain, and the
 * member row with its code (a query only the first time, to give the member one).
 */
export async function referralLinkFrom(
  db: Db,
  shop: { id: string; domain: string },
  rules: readonly Rule[],
  member: { id: string; redactedAt: Date | null; referralCode: string | null } | null,
  now: Date,
): Promise<{ code: string; url: string } | null> {
  if (!member || member.redactedAt) return null;
  if (liveReferralRules(rules, now).length === 0) return null;
  const code = member.referralCode ?? (await ensureReferralCode(db, shop.id, member.id));
  return { code, url: referralUrl(shop.domain, code) };
}

export async function referralLinkOf(
  db: Db,
  shopId: string,
  member: { id: string; redactedAt: Date | null } | null,
  now = new Date(),
): Promise<{ code: string; url: string } | null> {
  if (!member || member.redactedAt) return null;
  if (liveReferralRules(await rulesForEvaluation(db, shopId), now).length === 0) return null;
  const [code, shop] = await Promise.all([
    ensureReferralCode(db, shopId, member.id),
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { domain: true } }),
  ]);
  return { code, url: referralUrl(shop.domain, code) };
}
