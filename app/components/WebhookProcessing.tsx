/**
 * The shop's orders and customer updates from Shopify that the app has received but not yet
 * applied: one calm line when there are none, the counts and the oldest one's wait while the
 * app works through them, and a warning once that wait is longer than a few minutes (points
 * are then visibly late). Sits beside the dead letters on Settings: those could not be used at
 * all; these simply have not been applied yet.
 */
import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import type { QueueHealth } from "../queue/delivery-queue";
import { processingState, waitAge } from "../queue/processing-status";

const HEADING = "Updates from Shopify";

export function WebhookProcessing({ health }: { health: QueueHealth | null }) {
  if (!health) {
    return (
      <Card>
        <BlockStack gap="100">
          <Header badge={null} />
          <Text as="p" tone="subdued">
            The processing status cannot be shown right now. Updates Shopify sends are kept and applied once it is back.
          </Text>
        </BlockStack>
      </Card>
    );
  }
  const state = processingState(health);
  if (state === "caught-up") {
    return (
      <Card>
        <InlineStack gap="200" blockAlign="center" wrap>
          <Header badge={<Badge tone="success">All caught up</Badge>} />
          <Text as="p" tone="subdued">
            Nothing is waiting: orders and customer updates from Shopify are applied as they arrive.
          </Text>
        </InlineStack>
      </Card>
    );
  }
  const delayed = state === "delayed";
  return (
    <Card>
      <BlockStack gap="300">
        <Header badge={delayed ? <Badge tone="warning">Delayed</Badge> : <Badge tone="info">Catching up</Badge>} />
        <BlockStack gap="100">
          <Count label="Orders and customer updates from Shopify waiting to be processed" value={health.waiting} />
          <Count label="Being processed now" value={health.active} />
          {health.retrying > 0 && (
            <Count label="Hit a problem, will be tried again automatically" value={health.retrying} />
          )}
          {health.oldestWaitingSeconds !== null && (
            <Text as="p" tone={delayed ? "caution" : undefined} fontWeight={delayed ? "semibold" : undefined}>
              Oldest waiting: {waitAge(health.oldestWaitingSeconds)}
            </Text>
          )}
        </BlockStack>
        <Text as="p" tone="subdued">
          {delayed
            ? "Updates are taking longer than usual. Points for these orders appear as soon as they are processed; nothing is lost. If this lasts, ask your developer to check that the app’s background workers are running."
            : "Points for these orders appear as soon as they are processed, usually within a minute."}
        </Text>
      </BlockStack>
    </Card>
  );
}

function Header({ badge }: { badge: ReactNode }) {
  return (
    <InlineStack gap="200" blockAlign="center">
      <Text as="h2" variant="headingSm">
        {HEADING}
      </Text>
      {badge}
    </InlineStack>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <Text as="p">
      {label}:{" "}
      <Text as="span" fontWeight="semibold">
        {value.toLocaleString("en-US")}
      </Text>
    </Text>
  );
}
