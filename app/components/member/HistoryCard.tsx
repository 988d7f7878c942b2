import { BlockStack, Card, IndexTable, Text, useBreakpoints } from "@shopify/polaris";
import { CondensedRow } from "../CondensedRow";

const count = new Intl.NumberFormat("en");
const signed = new Intl.NumberFormat("en", { signDisplay: "exceptZero" });
// UTC so the server and the browser print the same time (no hydration mismatch).
const entryTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export interface HistoryEntry {
  id: string;
  /** ISO time */
  at: string;
  description: string;
  points: number;
  balanceAfter: number;
  reason: string | null;
}

/** The latest entries of a member, newest first. */

export function HistoryCard({ entries, size }: { entries: HistoryEntry[]; size: number }) {
  // On a phone each entry is a short list item rather than five columns.
  const { smDown: condensed } = useBreakpoints();
  const rows = entries.map((entry, index) => (
    <IndexTable.Row id={entry.id} key={entry.id} position={index}>
      {condensed ? <CondensedEntry entry={entry} /> : <EntryCells entry={entry} />}
    </IndexTable.Row>
  ));

  return (
    <Card padding="0">
      <BlockStack>
        <div style={{ padding: "var(--p-space-400) var(--p-space-400) var(--p-space-200)" }}>
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              History
            </Text>
            <Text as="p" tone="subdued">
              The latest {size} changes to this member’s points, newest first. Times are in UTC.
            </Text>
          </BlockStack>
        </div>
        <IndexTable
          resourceName={{ singular: "entry", plural: "entries" }}
          itemCount={entries.length}
          selectable={false}
          condensed={condensed}
          emptyState={
            <div style={{ padding: "var(--p-space-600)", textAlign: "center" }}>
              <Text as="p" tone="subdued">
                No points yet. Earned, redeemed and adjusted points will show here.
              </Text>
            </div>
          }
          headings={[
            { title: "Date" },
            { title: "What happened" },
            { title: "Points", alignment: "end" },
            { title: "Balance after", alignment: "end" },
            { title: "Reason" },
          ]}
        >
          {rows}
        </IndexTable>
      </BlockStack>
    </Card>
  );
}

function PointsChange({ points, alignment }: { points: number; alignment?: "end" }) {
  return (
    <Text as="p" alignment={alignment} numeric tone={points < 0 ? "critical" : "success"}>
      {signed.format(points)}
    </Text>
  );
}

/** An entry on a wide screen: one cell per column. */
function EntryCells({ entry }: { entry: HistoryEntry }) {
  return (
    <>
      <IndexTable.Cell>{entryTime.format(new Date(entry.at))}</IndexTable.Cell>
      <IndexTable.Cell>{entry.description}</IndexTable.Cell>
      <IndexTable.Cell>
        <PointsChange points={entry.points} alignment="end" />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="p" alignment="end" numeric>
          {count.format(entry.balanceAfter)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <div style={{ whiteSpace: "normal", minWidth: "12rem" }}>{entry.reason ?? "—"}</div>
      </IndexTable.Cell>
    </>
  );
}

function CondensedEntry({ entry }: { entry: HistoryEntry }) {
  return (
    <CondensedRow title={<Text as="p">{entry.description}</Text>} aside={<PointsChange points={entry.points} />}>
      <Text as="p" tone="subdued">
        {entryTime.format(new Date(entry.at))} · balance after {count.format(entry.balanceAfter)}
      </Text>
      {entry.reason && (
        <Text as="p" tone="subdued">
          {entry.reason}
        </Text>
      )}
    </CondensedRow>
  );
}
