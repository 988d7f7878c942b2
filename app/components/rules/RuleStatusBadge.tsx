import { Badge } from "@shopify/polaris";
import { RULE_STATUS_LABELS, type RuleStatus } from "../../domain/rules/summary";

const TONES: Record<RuleStatus, "success" | "info" | "critical" | undefined> = {
  active: "success",
  paused: undefined,
  scheduled: "info",
  ended: undefined,
  needs_attention: "critical",
};

export function RuleStatusBadge({ status }: { status: RuleStatus }) {
  return <Badge tone={TONES[status]}>{RULE_STATUS_LABELS[status]}</Badge>;
}
