/** A ledger entry in the words a merchant uses, for histories. Pure. */

export interface DescribedEntry {
  kind: string;
  causeType: string;
  causeId: string;
}

/**
 * What an entry was, in the words a merchant uses. `tierNames` (tier id → name) words a tier's
 * entry reward; a tier since deleted is still "a tier". `cancelled` holds the redemptions
 * taken back by the shopper or the merchant: their points came back for that, not because
 * Shopify failed to issue the reward.
 */
export function describeEntry(
  entry: DescribedEntry,
  rewardTitles: Map<string, string>,
  tierNames: ReadonlyMap<string, string> = new Map(),
  cancelled: ReadonlySet<string> = new Set(),
): string {
  const { kind, causeType, causeId } = entry;
  if (kind === "earn" && causeType === "order") return `Earned on order ${causeId}`;
  if (kind === "earn" && causeType === "tier") {
    const name = tierNames.get(causeId);
    return name ? `Reached ${name}` : "Reached a tier";
  }
  if (kind === "earn" && causeType === "tier_birthday") {
    const name = tierNames.get(causeId);
    return name ? `${name} birthday bonus` : "Tier birthday bonus";
  }
  if (kind === "redeem") {
    const title = rewardTitles.get(causeId);
    return title ? `Redeemed a reward: ${title}` : "Redeemed a reward";
  }
  if (kind === "reverse" && causeType === "redemption") {
    if (!cancelled.has(causeId)) return "Points restored (the reward could not be issued)";
    const title = rewardTitles.get(causeId);
    return title ? `Points returned: ${title} cancelled` : "Points returned: redemption cancelled";
  }
  if (kind === "reverse" && causeType === "order") return `Reversed: order ${causeId} refunded or cancelled`;
  // causeId is the PointsImport's id: the merchant opens it from the Import page.
  if (kind === "earn" && causeType === "import") return "Imported from the previous programme";
  if (kind === "reverse" && causeType === "import") return "Import reverted";
  if (kind === "reverse") return "Reversed";
  if (kind === "adjust") return /^\d+$/.test(causeId) ? `Adjusted by staff (user ${causeId})` : "Adjusted by staff";
  if (kind === "hold") return `Pending from order ${causeId} (not spendable yet)`;
  if (kind === "release") return `Pending points of order ${causeId} released`;
  if (kind === "void") return `Pending points of order ${causeId} taken back (refunded or cancelled)`;
  if (kind === "expire") return "Points expired";
  return "Points changed";
}
