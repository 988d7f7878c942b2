/**
 * A shop's events secret: the key its systems sign events API requests with. Stored as it
 * is (HMAC needs the key itself, a hash of it would not do) and shown to the merchant once,
 * when created; the admin shows only its last characters after that.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../db.server";

/** 256 random bits; the prefix lets secret scanners and people recognise what leaked. */
export function newEventsSecret(): string {
  return `lbes_${randomBytes(32).toString("base64url")}`;
}

/**
 * Creates the shop's first secret or replaces the current one. The old secret stops working
 * at once: a leaked secret must not keep awarding points while the merchant redeploys.
 */
export async function rotateEventsSecret(db: Db, shopId: string): Promise<string> {
  const secret = newEventsSecret();
  await db.shop.update({ where: { id: shopId }, data: { eventsSecret: secret } });
  return secret;
}

export interface EventsSecretStatus {
  configured: boolean;
  /** The last four characters, to tell which secret a deployment holds. */
  hint: string | null;
}

export function eventsSecretStatus(secret: string | null): EventsSecretStatus {
  return secret ? { configured: true, hint: secret.slice(-4) } : { configured: false, hint: null };
}
