/** Every dashboard figure as one CSV download (./dashboard.ts), through the one CSV writer. Pure. */
import { csvRow } from "../csv";
import type { Dashboard } from "./dashboard";

/** Rows of section, name, value, unit, explanation; money in minor units, shares as fractions. */
export function dashboardCsv(board: Dashboard, period: { from: string; to: string }): string {
  const rows = [csvRow(["section", "name", "value", "unit", "explanation"])];
  rows.push(csvRow(["period", "from", period.from, "date", "First day of the period (shop's time zone)."]));
  rows.push(csvRow(["period", "to", period.to, "date", "Last day of the period."]));
  for (const f of board.figures) rows.push(csvRow(["figure", f.label, f.value, f.unit, f.explanation]));
  for (const s of board.sides) {
    const who = s.side === "members" ? "Members" : "Non-members";
    rows.push(csvRow(["orders", `${who}: orders`, s.orders, "count", "Orders in the period, cancelled left out."]));
    rows.push(csvRow(["orders", `${who}: buyers`, s.buyers, "count", "Distinct buyers who ordered in the period."]));
    rows.push(csvRow(["orders", `${who}: revenue`, s.revenueMinor, "minor", "Order totals less refunds."]));
  }
  for (const s of board.topSources) {
    rows.push(csvRow(["cost_by_source", s.name, s.points, "points", "Points this source credited in the period."]));
    rows.push(csvRow(["cost_by_source", `${s.name} (cost)`, s.costMinor, "minor", "Its points × worth of a point."]));
  }
  for (const r of board.topRewards) {
    rows.push(
      csvRow(["cost_by_reward", r.name, r.points, "points", `Points spent on it in ${r.redemptions} redemptions.`]),
    );
    rows.push(csvRow(["cost_by_reward", `${r.name} (value)`, r.valueMinor, "minor", "Value members got from it."]));
  }
  for (const w of board.waterfall) {
    rows.push(csvRow(["expiring", w.month, w.points, "points", "Points that expire that month if unspent."]));
  }
  return rows.join("");
}
