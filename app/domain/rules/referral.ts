/**
 * Referrals: when a friend's first order is paid, the referrer and the friend both earn.
 * The classic abuse is referring yourself from a second account, so a referral between the
 * same customer, the same mailbox or the same address earns nothing.
 */
import type { ClaimResult } from "./claim";
import type { EventOfType, Party, PartyAddress } from "./event";
import { ruleKeys } from "./keys";
import { pointsText, refusal } from "./refusal";
import type { RuleOfKind } from "./rule";

/** "Jane.Doe+promo@Example.com" → "jane.doe@example.com": plus-addressing is one mailbox. */
export function mailbox(email: string): string {
  const [local = "", domain = ""] = email
    .trim()
    .toLowerCase()
    .split(/@(?=[^@]*$)/);
  return `${local.split("+")[0]}@${domain}`;
}

/** Letters and digits of the street line, postcode and country: "12 Main St." = "12 main st". */
export function addressFingerprint(address: PartyAddress): string {
  const alnum = (s: string | undefined) => (s ?? "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
  return [alnum(address.line1), alnum(address.postalCode), alnum(address.countryCode)].join("|");
}

export function isSelfReferral(referrer: Party, friend: Party): boolean {
  if (referrer.customerId === friend.customerId) return true;
  if (referrer.email?.trim() && friend.email?.trim() && mailbox(referrer.email) === mailbox(friend.email)) return true;
  const a = referrer.address,
    b = friend.address;
  return Boolean(a?.line1.trim() && b?.line1.trim() && addressFingerprint(a) === addressFingerprint(b));
}

export class ReferralContextError extends Error {
  override name = "ReferralContextError";
}

export function referralClaims(
  rule: RuleOfKind<"referral">,
  event: EventOfType<"referral_completed">,
  memberId: string,
): ClaimResult {
  // Limits and "already awarded" read the history given, which must be the referrer's; in
  // anyone else's, a referral would look new every time. A caller bug, so it throws.
  if (memberId !== event.referrer.customerId) {
    throw new ReferralContextError(
      "Evaluate referral_completed with the referrer as the member, and the referrer's history.",
    );
  }
  if (isSelfReferral(event.referrer, event.friend)) {
    return { refusal: refusal(rule.id, "self_referral", "Referring yourself does not earn points.") };
  }
  const friendId = event.friend.customerId;
  return {
    claims: [
      {
        awards: [
          {
            customerId: event.referrer.customerId,
            key: ruleKeys.referral(rule.id, friendId, "referrer"),
            basePoints: rule.referrerPoints,
            reason: (p) => `${pointsText(p)} for referring a friend`,
          },
          {
            customerId: friendId,
            key: ruleKeys.referral(rule.id, friendId, "friend"),
            basePoints: rule.friendPoints,
            reason: (p) => `${pointsText(p)} for joining through a friend's referral`,
          },
        ],
      },
    ],
  };
}
