/**
 * The member's tier on their page: which tier, how they hold it (earned, given by staff,
 * bought) and until when, how far the next tier is and what keeps this one, then the tier
 * history, newest first, with staff's reasons.
 */
import { BlockStack, Card, InlineGrid, List, ProgressBar, Text } from "@shopify/polaris";
import { formatMoney } from "../../domain/money";
import { Figure } from "./Figure";

export type TierUnit = "points" | "money" | "orders";

export interface MemberTierView {
  tier: { id: string; name: string; perks: string[] } | null;
  source: string | null;
  /** ISO times. */
  since: string | null;
  endsAt: string | null;
  nextTier: { name: string; remaining: number; unit: TierUnit } | null;
  keep: { remaining: number; unit: TierUnit; by: string } | null;
  value: number;
}

export interface TierHistoryRow {
  at: string;
  fromTier: string | null;
  toTier: string | null;
  cause: string;
  reason: string | null;
  staff: string | null;
}

const count = new Intl.NumberFormat("en");
// UTC so the server and the browser print the same date (no hydration mismatch).
const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const time = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export function amountText(amount: number, unit: TierUnit, currencyCode: string): string {
  if (unit === "money") return formatMoney(amount, currencyCode);
  const noun = unit === "orders" ? (amount === 1 ? "order" : "orders") : amount === 1 ? "point" : "points";
  return `${count.format(amount)} ${noun}`;
}

const SOURCES: Record<string, string> = {
  earned: "Earned",
  manual: "Given by staff",
  paid: "Paid membership",
};

const CAUSES: Record<string, string> = {
  qualified: "Qualified",
  refund: "A refund lowered what counts",
  period_end: "The qualification period ended",
  manual: "Assigned by staff",
  paid: "Bought a membership",
  paid_revoked: "Membership order refunded or cancelled",
  paid_ended: "Paid membership ended",
  grant_ended: "Staff’s tier ended",
  tier_edit: "The tiers were edited",
};

export function causeText(cause: string): string {
  return CAUSES[cause] ?? cause;
}

export function MemberTierCard({ view, currencyCode }: { view: MemberTierView; currencyCode: string }) {
  const { tier, nextTier, keep } = view;
  const progress =
    nextTier && nextTier.remaining > 0 ? Math.round((view.value / (view.value + nextTier.remaining)) * 100) : null;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Tier
        </Text>
        <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
          <Figure label="Tier" value={tier?.name ?? "No tier"} />
          {tier && view.source && <Figure label="How" value={SOURCES[view.source] ?? view.source} />}
          {tier && view.since && <Figure label="Since" value={day.format(new Date(view.since))} />}
          {tier && (view.source === "manual" || view.source === "paid") && (
            <Figure label="Until" value={view.endsAt ? day.format(new Date(view.endsAt)) : "No end date"} />
          )}
        </InlineGrid>
        {nextTier && (
          <BlockStack gap="100">
            <Text as="p" id="member-next-tier">
              {amountText(nextTier.remaining, nextTier.unit, currencyCode)} to {nextTier.name}
            </Text>
            {progress !== null && <ProgressBar progress={progress} size="small" ariaLabelledBy="member-next-tier" />}
          </BlockStack>
        )}
        {keep && tier && (
          <Text as="p" tone="caution">
            {amountText(keep.remaining, keep.unit, currencyCode)} more by {day.format(new Date(keep.by))} keeps{" "}
            {tier.name}.
          </Text>
        )}
        {tier && tier.perks.length > 0 && (
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              Perks
            </Text>
            <List type="bullet">
              {tier.perks.map((perk) => (
                <List.Item key={perk}>{perkText(perk)}</List.Item>
              ))}
            </List>
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}

/** The storefront contract's perk codes in words; a merchant's own perk as they wrote it. */
export function perkText(perk: string): string {
  if (perk === "free_shipping") return "Free shipping on every order";
  const percent = /^percent_off:(\d+)$/.exec(perk);
  if (percent) return `${percent[1]}% off every order`;
  return perk;
}

/** Shopify names staff by a numeric user id in session tokens: say what the number is. */
function staffText(staff: string): string {
  return /^\d+$/.test(staff) ? `staff member #${staff}` : staff;
}

export function TierHistoryCard({ rows }: { rows: readonly TierHistoryRow[] }) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Tier history
          </Text>
          <Text as="p" tone="subdued">
            Newest first. Times are in UTC.
          </Text>
        </BlockStack>
        {rows.length === 0 ? (
          <Text as="p" tone="subdued">
            No tier changes yet.
          </Text>
        ) : (
          <BlockStack gap="300">
            {rows.map((row, index) => (
              <BlockStack gap="050" key={`${row.at}-${index}`}>
                <Text as="p" fontWeight="semibold">
                  {row.fromTier ?? "No tier"} → {row.toTier ?? "No tier"}
                </Text>
                <Text as="p" tone="subdued">
                  {time.format(new Date(row.at))} · {causeText(row.cause)}
                  {row.staff ? ` by ${staffText(row.staff)}` : ""}
                </Text>
                {row.reason && <Text as="p">“{row.reason}”</Text>}
              </BlockStack>
            ))}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
