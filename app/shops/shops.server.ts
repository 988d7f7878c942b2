/** Shops and their programme settings. Every read and write here is by shop. */
import type { Db, Tx } from "../db.server";
import { DEFAULT_SETTINGS, type ProgrammeSettings, type SettingsValue } from "../domain/settings";
import type { ReversalPolicy } from "../domain/reversal";
import { expiryModeOf } from "../domain/expiry";
import { releaseRuleOf } from "../domain/order-points";
import { formatMoney } from "../domain/money";
import { forgetShopRedaction, isShopRedacted } from "../compliance/redactions.server";

type Client = Db | Tx;

export class ShopNotFoundError extends Error {
  override name = "ShopNotFoundError";
}

/**
 * The one place that decides whether a shop may be created. Any signed webhook may create a
 * shop the first time it is seen (Shopify only sends them once the app is installed), but
 * not one shop/redact erased; and only an install (recordInstall) reopens an uninstalled
 * shop: a late webhook finds it as it is, storefront closed. Null when the shop was erased.
 */
export async function ensureShop(client: Client, domain: string, currencyCode = "USD") {
  const existing = await client.shop.findUnique({ where: { domain } });
  if (existing) return existing;
  if (await isShopRedacted(client, domain)) return null;
  return createShop(client, domain, currencyCode);
}

/** The shop with a working programme (1 point per unit, one amount-off reward). Safe to call concurrently. */
async function createShop(client: Client, domain: string, currencyCode: string) {
  try {
    return await client.shop.create({
      data: {
        domain,
        currencyCode,
        pointsPerUnit: DEFAULT_SETTINGS.pointsPerUnit,
        rewards: {
          create: {
            title: `${formatMoney(DEFAULT_SETTINGS.rewardValueMinor, currencyCode)} off your next order`,
            costPoints: DEFAULT_SETTINGS.rewardCostPoints,
            valueMinor: DEFAULT_SETTINGS.rewardValueMinor,
          },
        },
      },
    });
  } catch (error) {
    // Another request created it between our read and our insert.
    const again = await client.shop.findUnique({ where: { domain } });
    if (again) return again;
    throw error;
  }
}

/**
 * After OAuth/token exchange: the merchant installed the app, so the shop exists and is open,
 * in its currency when Shopify told us. The only way back after app/uninstalled or shop/redact.
 */
export async function recordInstall(db: Db, domain: string, currencyCode: string | null) {
  await forgetShopRedaction(db, domain);
  const shop =
    (await db.shop.findUnique({ where: { domain } })) ?? (await createShop(db, domain, currencyCode ?? "USD"));
  const changes = {
    ...(shop.uninstalledAt ? { uninstalledAt: null, installedAt: new Date() } : {}),
    ...(currencyCode && shop.currencyCode !== currencyCode ? { currencyCode } : {}),
  };
  if (Object.keys(changes).length === 0) return shop;
  return db.$transaction(async (tx) => {
    await tx.shop.update({ where: { id: shop.id }, data: changes });
    // A new currency (or a reopened shop) is every shopper's: the view's per-shop part moves on.
    await bumpProgramVersion(tx, shop.id);
    return tx.shop.findUniqueOrThrow({ where: { id: shop.id } });
  });
}

/**
 * The shop's programme changed in a way every shopper sees (settings, rules, rewards, tiers,
 * time zone, currency): Shop.programVersion moves on, in the writer's own transaction, so
 * every instance's cached per-shop part of the storefront view (app/storefront/program-cache.server.ts)
 * misses on its next read. Stock taken by redemptions does not bump it (read fresh per request).
 */
export async function bumpProgramVersion(tx: Client, shopId: string): Promise<number> {
  const shop = await tx.shop.update({
    where: { id: shopId },
    data: { programVersion: { increment: 1 } },
    select: { programVersion: true },
  });
  return shop.programVersion;
}

/**
 * `work` in a transaction: the caller's own when `client` is one already, else a new one (so a
 * write and its bumpProgramVersion commit together whichever client the caller holds).
 */
export async function inTransaction<T>(client: Client, work: (tx: Tx) => Promise<T>): Promise<T> {
  return "$transaction" in client ? client.$transaction(work) : work(client);
}

export async function findShop(client: Client, domain: string) {
  return client.shop.findUnique({ where: { domain } });
}

export async function requireShop(client: Client, domain: string) {
  const shop = await findShop(client, domain);
  if (!shop) throw new ShopNotFoundError(`No programme for ${domain}.`);
  return shop;
}

/** The reward the first slice offers: the shop's oldest active amount-off reward. */
export async function primaryReward(client: Client, shopId: string) {
  return client.reward.findFirst({ where: { shopId, active: true }, orderBy: { createdAt: "asc" } });
}

export async function getProgrammeSettings(client: Client, domain: string): Promise<ProgrammeSettings> {
  const shop = await requireShop(client, domain);
  return {
    currencyCode: shop.currencyCode,
    pointsPerUnit: shop.pointsPerUnit,
    reversalPolicy: shop.reversalPolicy as ReversalPolicy,
    expiryMode: expiryModeOf(shop.expiryMode),
    expiryMonths: shop.expiryMonths,
    pointsReleaseRule: releaseRuleOf(shop.pointsReleaseRule),
    returnWindowDays: shop.returnWindowDays,
    timeZone: shop.timeZone,
    engagementPaused: shop.engagementPaused,
  };
}

export async function updateProgrammeSettings(
  db: Db,
  domain: string,
  value: SettingsValue,
): Promise<ProgrammeSettings> {
  await db.$transaction(async (tx) => {
    const shop = await requireShop(tx, domain);
    await tx.shop.update({
      where: { id: shop.id },
      data: {
        pointsPerUnit: value.pointsPerUnit,
        ...(value.reversalPolicy ? { reversalPolicy: value.reversalPolicy } : {}),
        // A new policy dates the points earned from now on (docs/decisions/0005).
        ...(value.expiryMode ? { expiryMode: value.expiryMode } : {}),
        ...(value.expiryMonths !== undefined ? { expiryMonths: value.expiryMonths } : {}),
        ...(value.pointsReleaseRule ? { pointsReleaseRule: value.pointsReleaseRule } : {}),
        ...(value.returnWindowDays !== undefined ? { returnWindowDays: value.returnWindowDays } : {}),
        // Rule limits count in the new zone’s days from the next event on.
        ...(value.timeZone !== undefined ? { timeZone: value.timeZone } : {}),
        ...(value.engagementPaused !== undefined ? { engagementPaused: value.engagementPaused } : {}),
      },
    });
    // Every shopper's view reads the settings (points per unit, the kill switch, the zone).
    await bumpProgramVersion(tx, shop.id);
  });
  return getProgrammeSettings(db, domain);
}
