/**
 * The what-if simulator's answer in an editor (app/domain/economics/simulate.ts): the period
 * replayed under today's programme and under what is typed, side by side, the four figures
 * with one line each saying what it is. Empty until the merchant asks; nothing is saved by it.
 */
import { BlockStack, Card, DataTable, Text } from "@shopify/polaris";
import type { Simulation, SimulationSide } from "../../domain/economics/simulate";
import { formatMoney } from "../../domain/money";

/** What a route sends the card: figures only, dates as ISO text. */
export interface SimulationView {
  from: string;
  to: string;
  revenueMinor: number;
  revenueBasis: "order_facts" | "member_orders";
  today: SideView;
  proposed: SideView;
}

interface SideView {
  pointsIssued: number;
  purchasePoints: number;
  liabilityMinor: number | null;
  outstandingPoints: number;
  pendingPoints: number;
  costShareOfRevenue: number | null;
  membersChangingTier: number | null;
}

const sideView = (side: SimulationSide): SideView => ({
  pointsIssued: side.pointsIssued,
  purchasePoints: side.purchasePoints,
  liabilityMinor:
    side.liability.outstandingMinor === null
      ? null
      : side.liability.outstandingMinor + (side.liability.pendingMinor ?? 0),
  outstandingPoints: side.liability.outstandingPoints,
  pendingPoints: side.liability.pendingPoints,
  costShareOfRevenue: side.costShareOfRevenue,
  membersChangingTier: side.membersChangingTier,
});

/** The simulation as the card shows it (called by the editors' actions). */
export function simulationView(simulation: Simulation): SimulationView {
  return {
    from: simulation.period.from.toISOString(),
    to: simulation.period.to.toISOString(),
    revenueMinor: simulation.revenue.minor,
    revenueBasis: simulation.revenue.basis,
    today: sideView(simulation.today),
    proposed: sideView(simulation.proposed),
  };
}

const count = new Intl.NumberFormat("en");
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 2 });
const day = (iso: string) => iso.slice(0, 10);

/** `note`: what the editor knows the simulation leaves out (Settings: spend rules price purchases). */
export function SimulationCard({
  simulation,
  currencyCode,
  note,
}: {
  simulation: SimulationView | null;
  currencyCode: string;
  note?: string | null;
}) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          What-if on the last 90 days
        </Text>
        {simulation === null ? (
          <Text as="p" tone="subdued">
            Choose “Simulate on last 90 days” to replay your own orders, awards and redemptions under what you typed,
            beside what they really gave. Nothing is saved by a simulation.
          </Text>
        ) : (
          <SimulationTable simulation={simulation} currencyCode={currencyCode} />
        )}
        {simulation !== null && note && <Text as="p">{note}</Text>}
      </BlockStack>
    </Card>
  );
}

function SimulationTable({ simulation, currencyCode }: { simulation: SimulationView; currencyCode: string }) {
  const money = (minor: number | null) => (minor === null ? "No priced reward" : formatMoney(minor, currencyCode));
  const share = (value: number | null) => (value === null ? "—" : percent.format(value));
  const tiers = (value: number | null) => (value === null ? "No tiers" : count.format(value));
  const rows: [string, string, string][] = [
    ["Points issued", count.format(simulation.today.pointsIssued), count.format(simulation.proposed.pointsIssued)],
    ["Liability", money(simulation.today.liabilityMinor), money(simulation.proposed.liabilityMinor)],
    [
      "Cost as a share of revenue",
      share(simulation.today.costShareOfRevenue),
      share(simulation.proposed.costShareOfRevenue),
    ],
    [
      "Members changing tier",
      tiers(simulation.today.membersChangingTier),
      tiers(simulation.proposed.membersChangingTier),
    ],
  ];
  return (
    <BlockStack gap="200">
      <DataTable
        columnContentTypes={["text", "numeric", "numeric"]}
        headings={["Figure", "Today", "Proposed"]}
        rows={rows}
      />
      <BlockStack gap="100">
        <Text as="p" tone="subdued">
          Points issued: every point earned or released from {day(simulation.from)} to {day(simulation.to)}, purchases
          (today {count.format(simulation.today.purchasePoints)}) included.
        </Text>
        <Text as="p" tone="subdued">
          Liability: what members’ unspent and pending points would be worth when spent, less the points expected to
          expire.
        </Text>
        <Text as="p" tone="subdued">
          Cost as a share of revenue: the points issued, less refunds taken back, at what a point is worth, over{" "}
          {formatMoney(simulation.revenueMinor, currencyCode)} of{" "}
          {simulation.revenueBasis === "order_facts" ? "sales" : "members’ eligible spend"}.
        </Text>
        <Text as="p" tone="subdued">
          Members changing tier: how many members the tier programme would move up or down now, decided by the tier
          engine on the points as replayed.
        </Text>
      </BlockStack>
    </BlockStack>
  );
}
