/**
 * The ledger export: the merchant picks the first and last day (the shop's days) and gets the
 * CSV for their accountant. The file is fetched with the session token App Bridge puts on
 * the app's own requests (a plain link would open without one), then handed to the browser
 * as a download.
 */
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useFileDownload } from "./useFileDownload";

/** "2026-11-27" → "2026-11-01". */
const firstOfMonth = (day: string) => `${day.slice(0, 8)}01`;

export function LedgerExport({ today, timeZone }: { today: string; timeZone: string }) {
  const [from, setFrom] = useState(firstOfMonth(today));
  const [to, setTo] = useState(today);
  const file = useFileDownload();
  const backwards = from !== "" && to !== "" && from > to;
  const download = () =>
    file.download(`/app/ledger.csv?${new URLSearchParams({ from, to }).toString()}`, `ledger-${from}-to-${to}.csv`);

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
        {file.problem && (
          <Banner tone="critical" onDismiss={file.dismiss}>
            <p>{file.problem}</p>
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
          <Button onClick={download} loading={file.busy} disabled={!from || !to || backwards}>
            Download CSV
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
