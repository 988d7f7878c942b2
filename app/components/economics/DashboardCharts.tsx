/**
 * The dashboard's charts (Polaris Viz). Browser only: Polaris Viz reads `window` while it
 * renders, so the route loads this module lazily after hydration (app/routes/app._index.tsx).
 */
import { BarChart, DonutChart, PolarisVizProvider, SimpleBarChart } from "@shopify/polaris-viz";
import type { ReactNode } from "react";

export interface ChartsData {
  waterfall: { month: string; points: number }[];
  revenue: { members: number; nonMembers: number };
  sources: { name: string; points: number }[];
  formatMoney: (minor: number) => string;
}

/** Charts need a box with a height to measure. */
function ChartBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div data-chart={label} style={{ height: 240, width: "100%" }}>
      {children}
    </div>
  );
}

export function ExpiryChart({ data }: { data: ChartsData }) {
  return (
    <PolarisVizProvider>
      <ChartBox label="expiry">
        <BarChart
          theme="Light"
          showLegend={false}
          data={[{ name: "Points expiring", data: data.waterfall.map((w) => ({ key: w.month, value: w.points })) }]}
        />
      </ChartBox>
    </PolarisVizProvider>
  );
}

export function RevenueChart({ data }: { data: ChartsData }) {
  return (
    <PolarisVizProvider>
      <ChartBox label="revenue">
        <DonutChart
          theme="Light"
          legendPosition="bottom"
          labelFormatter={(value) => data.formatMoney(Number(value ?? 0))}
          data={[
            { name: "Members", data: [{ key: "Revenue", value: data.revenue.members }] },
            { name: "Non-members", data: [{ key: "Revenue", value: data.revenue.nonMembers }] },
          ]}
        />
      </ChartBox>
    </PolarisVizProvider>
  );
}

export function SourcesChart({ data }: { data: ChartsData }) {
  return (
    <PolarisVizProvider>
      <ChartBox label="sources">
        <SimpleBarChart
          theme="Light"
          showLegend={false}
          data={[{ name: "Points issued", data: data.sources.map((s) => ({ key: s.name, value: s.points })) }]}
        />
      </ChartBox>
    </PolarisVizProvider>
  );
}

export default { ExpiryChart, RevenueChart, SourcesChart };
