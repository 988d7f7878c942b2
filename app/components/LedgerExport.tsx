/**
 * The ledger export: the merchant picks the first and last day (the shop's days) and gets the
 * CSV for their accountant (downloaded with the session token: ./download-file).
 */
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { downloadFile } from "./download-file";

/** "2026-11-27" → "2026-11-01". */
const firstOfMonth = (day: string) => `${day.slice(0, 8)}01`;

export function LedgerExport({ today, timeZone }: { today: string; timeZone: string }) {
  const [from, setFrom] = useState(firstOfMonth(today));
  const [to, setTo] = useState(today);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const backwards = from !== "" && to !== "" && from > to;

  async function download() {
    setBusy(true);
    setProblem(null);
    const path = `/app/ledger.csv?${new URLSearchParams({ from, to }).toString()}`;
    setProblem(await downloadFile(path, `ledger-${from}-to-${to}.csv`));
    setBusy(false);
  }

  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Export the points ledger
        </Text>
        <Text as="p" tone="subdued">
          Every points entry of the days you choose, both included, as a CSV file for your accountant: date, customer,
          points, balance, what caused it and any reward code. Days are your shop’s ({timeZone}).
        </Text>
        {problem && (
          <Banner tone="critical" onDismiss={() => setProblem(null)}>
            <p>{problem}</p>
          </Banner>
        )}
        <FormLayout>
          <FormLayout.Group condensed>
            <TextField label="First day" type="date" value={from} max={today} onChange={setFrom} autoComplete="off" />
            <TextField
              label="Last day"
              type="date"
              value={to}
              onChange={setTo}
              autoComplete="off"
              error={backwards ? "The last day cannot come before the first." : undefined}
            />
          </FormLayout.Group>
        </FormLayout>
        <InlineStack align="end">
          <Button onClick={download} loading={busy} disabled={!from || !to || backwards}>
            Download CSV
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
