/**
 * An earning rule in the rules list on a phone: its name and status, what it gives and costs,
 * and its buttons, stacked inside the screen (IndexTable's condensed list) rather than six
 * columns wider than it.
 */
import { BlockStack, Button, ButtonGroup, Link, Text } from "@shopify/polaris";
import { CondensedRow } from "../CondensedRow";
import type { RuleStatus } from "../../domain/rules/summary";
import { RuleStatusBadge } from "./RuleStatusBadge";

export interface RuleListEntry {
  id: string;
  name: string;
  kind: string;
  status: RuleStatus;
  summary: string | null;
  cost: string | null;
  problem: string | null;
}

export function RuleListItem({
  rule,
  busy,
  onPause,
  onResume,
  onDelete,
}: {
  rule: RuleListEntry;
  busy: boolean;
  onPause: () => void;
  onResume: () => void;
  onDelete: () => void;
}) {
  return (
    <CondensedRow
      title={
        <Link url={`/app/rules/${rule.id}`} removeUnderline>
          <Text as="span" fontWeight="semibold">
            {rule.name}
          </Text>
        </Link>
      }
      aside={<RuleStatusBadge status={rule.status} />}
    >
      <BlockStack gap="200">
        <Text as="p" tone="subdued">
          {rule.kind}
          {rule.cost ? ` · ${rule.cost}` : ""}
        </Text>
        <Text as="p" tone={rule.problem ? "critical" : undefined}>
          {rule.summary ?? "Its saved settings cannot be read, so it gives no points. Open it to fix them."}
        </Text>
        <ButtonGroup>
          {rule.status !== "needs_attention" &&
            (rule.status === "paused" ? (
              <Button size="slim" onClick={onResume} loading={busy} accessibilityLabel={`Resume ${rule.name}`}>
                Resume
              </Button>
            ) : (
              <Button size="slim" onClick={onPause} loading={busy} accessibilityLabel={`Pause ${rule.name}`}>
                Pause
              </Button>
            ))}
          <Button
            size="slim"
            tone="critical"
            variant="plain"
            onClick={onDelete}
            accessibilityLabel={`Delete ${rule.name}`}
          >
            Delete
          </Button>
        </ButtonGroup>
      </BlockStack>
    </CondensedRow>
  );
}
