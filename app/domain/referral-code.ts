/**
 * Referral codes and how an order names one. Pure: randomness is passed in.
 *
 * A code is read aloud, typed on a phone and printed on a card, so it uses no characters
 * that look alike (0/O, 1/I/L) and is case-insensitive. Eight characters from 31 give
 * 8.5 × 10^11 codes: guessing a member's code is not a way to earn.
 */
import type { Rule } from "./rules";

export const REFERRAL_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const REFERRAL_CODE_LENGTH = 8;
/** The cart attribute a storefront sets from the referral link (Shopify's note_attributes). */
export const REFERRAL_NOTE_ATTRIBUTE = "loyalty_referral";
/** The query parameter of the referral link, seen again in the order's landing_site. */
export const REFERRAL_QUERY_PARAMETER = "ref";

/** A new code; `randomBytes` is crypto's in the app and a fixed sequence in tests. */
export function generateReferralCode(randomBytes: (size: number) => Uint8Array): string {
  const size = REFERRAL_CODE_ALPHABET.length;
  // Bytes at or above the largest multiple of the alphabet size are skipped, so every
  // character is equally likely.
  const limit = 256 - (256 % size);
  let code = "";
  while (code.length < REFERRAL_CODE_LENGTH) {
    for (const byte of randomBytes(REFERRAL_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < REFERRAL_CODE_LENGTH) code += REFERRAL_CODE_ALPHABET[byte % size];
    }
  }
  return code;
}

/** A code as typed or carried in a URL, in its stored form; null when it cannot be one. */
export function normalizeReferralCode(raw: unknown): string | null {
  if (typeof raw !== "string") return null;
  const code = raw.trim().toUpperCase();
  if (code.length !== REFERRAL_CODE_LENGTH) return null;
  return [...code].every((c) => REFERRAL_CODE_ALPHABET.includes(c)) ? code : null;
}

export interface ReferralSource {
  note_attributes?: { name?: string | null; value?: unknown }[] | null;
  landing_site?: string | null;
}

/**
 * The referral code an order carries: the cart attribute first (set on purpose by the
 * storefront), else `?ref=` on the page where the shopper landed.
 */
export function referralCodeOfOrder(order: ReferralSource): string | null {
  const attribute = (order.note_attributes ?? []).find((a) => a.name?.trim().toLowerCase() === REFERRAL_NOTE_ATTRIBUTE);
  const fromAttribute = normalizeReferralCode(attribute?.value);
  if (fromAttribute) return fromAttribute;
  if (!order.landing_site) return null;
  try {
    // landing_site is usually a path with a query ("/?ref=…"); a full URL works too.
    return normalizeReferralCode(
      new URL(order.landing_site, "https://shop.invalid").searchParams.get(REFERRAL_QUERY_PARAMETER),
    );
  } catch {
    return null;
  }
}

/** The link a member shares: the shop's home page with their code. */
export function referralUrl(shopDomain: string, code: string): string {
  return `https://${shopDomain}/?${REFERRAL_QUERY_PARAMETER}=${encodeURIComponent(code)}`;
}

/** Referral rules that pay right now: switched on and within their dates. */
export function liveReferralRules(rules: readonly Rule[], now: Date): Rule[] {
  return rules.filter(
    (rule) =>
      rule.kind === "referral" &&
      rule.active &&
      (!rule.startsAt || rule.startsAt <= now) &&
      (!rule.endsAt || now < rule.endsAt),
  );
}
