/**
 * The what-if simulator's answer in an editor (app/domain/economics/simulate.ts): the period
 * replayed under today's programme and under what is typed, side by side, the four figures
 * with one line each saying what it is. Empty until the merchant asks; nothing is saved by it.
 */
import { useSubmit } from "@remix-run/react";
import { BlockStack, Button, Card, DataTable, Select, Text } from "@shopify/polaris";
import { useState, type RefObject } from "react";
import {
  SIMULATION_DAYS,
  SIMULATION_PERIODS,
  type Simulation,
  type SimulationSide,
} from "../../domain/economics/simulate";
import { formatMoney } from "../../domain/money";

/** What a route sends the card: figures only, dates as ISO text. */
export interface SimulationView {
  from: string;
  to: string;
  revenueMinor: number;
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
    today: sideView(simulation.today),
    proposed: sideView(simulation.proposed),
  };
}

const count = new Intl.NumberFormat("en");
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 2 });
const day = (iso: string) => iso.slice(0, 10);

export const SIMULATE_BUTTON = "Simulate this change";

/** Posts the editor's form as typed with intent=simulate (the card's period select inside it). */
export function SimulateButton({ form, loading }: { form: RefObject<HTMLFormElement | null>; loading: boolean }) {
  const submit = useSubmit();
  return (
    <Button
      loading={loading}
      onClick={() => {
        if (!form.current) return;
        const typed = new FormData(form.current);
        typed.set("intent", "simulate");
        submit(typed, { method: "post" });
      }}
    >
      {SIMULATE_BUTTON}
    </Button>
  );
}

const PERIOD_OPTIONS = SIMULATION_PERIODS.map((days) => ({
  label: days === 365 ? "The last year" : `The last ${days} days`,
  value: String(days),
}));

/**
 * `note`: what the editor knows the simulation leaves out (Settings: spend rules price
 * purchases). The period is a select named `simulationDays`: inside the editor's form it is
 * posted with it; an editor that posts its own fields passes `days` and `onDaysChange`.
 */
export function SimulationCard({
  simulation,
  currencyCode,
  note,
  days,
  onDaysChange,
}: {
  simulation: SimulationView | null;
  currencyCode: string;
  note?: string | null;
  days?: number;
  onDaysChange?: (days: number) => void;
}) {
  const [ownDays, setOwnDays] = useState(SIMULATION_DAYS);
  const chosen = days ?? ownDays;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          What-if on your own history
        </Text>
        <Select
          label="History to replay"
          name="simulationDays"
          options={PERIOD_OPTIONS}
          value={String(chosen)}
          onChange={(value) => (onDaysChange ?? setOwnDays)(Number(value))}
        />
        {simulation === null ? (
          <Text as="p" tone="subdued">
            Choose “{SIMULATE_BUTTON}” to replay your own orders, awards and redemptions of those days under what you
            typed, beside what they really gave. Nothing is saved by a simulation.
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
          Points issued: every point earned or released from {day(simulation.from)} to {day(simulation.to)}, less what
          refunds took back, as the dashboard counts them; purchases (today{" "}
          {count.format(simulation.today.purchasePoints)}) included.
        </Text>
        <Text as="p" tone="subdued">
          Liability: what members’ unspent and pending points would be worth when spent, less the points expected to
          expire.
        </Text>
        <Text as="p" tone="subdued">
          Cost as a share of revenue: the points issued at what a point is worth, over{" "}
          {formatMoney(simulation.revenueMinor, currencyCode)} of sales (orders the app has received, net of refunds;
          the Export page can bring in the last 60 days from Shopify).
        </Text>
        <Text as="p" tone="subdued">
          Members changing tier: how many members the tier programme would move up or down now, decided by the tier
          engine on the points as replayed.
        </Text>
      </BlockStack>
    </BlockStack>
  );
}
