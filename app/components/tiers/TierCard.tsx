/**
 * One tier of the draft programme: its summary with the buttons that move or remove it, and,
 * opened, every field of the tier. Errors open it, so a field's message is never hidden.
 */
import {
  Badge,
  BlockStack,
  Box,
  Button,
  ButtonGroup,
  Card,
  Checkbox,
  Divider,
  FormLayout,
  InlineStack,
  Text,
  TextField,
} from "@shopify/polaris";
import { currencyExponent } from "../../domain/money";
import { tierFieldName, type ProgramFieldErrors, type TierFieldName, type TierFields } from "../../domain/tiers/form";
import type { TierMetric } from "../../domain/tiers/definition";

export interface TierCardProps {
  index: number;
  count: number;
  tier: TierFields;
  metric: TierMetric;
  currencyCode: string;
  errors: ProgramFieldErrors;
  open: boolean;
  /** Members holding this tier now (stored tiers only). */
  members: number | null;
  onToggle: () => void;
  onChange: (field: TierFieldName, value: string) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

function thresholdLabel(metric: TierMetric): string {
  if (metric === "spend") return "Amount spent to reach it";
  if (metric === "orders") return "Orders to reach it";
  return "Points to reach it";
}

function currencySymbol(currencyCode: string): string {
  try {
    const parts = new Intl.NumberFormat("en", { style: "currency", currency: currencyCode }).formatToParts(0);
    return parts.find((p) => p.type === "currency")?.value ?? currencyCode;
  } catch {
    return currencyCode;
  }
}

function summary(tier: TierFields, metric: TierMetric, currencyCode: string): string {
  const threshold = tier.threshold.trim() || "0";
  const reach =
    tier.hidden === "true"
      ? "Assigned by staff only"
      : metric === "spend"
        ? `From ${currencySymbol(currencyCode)}${threshold} spent`
        : `From ${threshold} ${metric === "orders" ? "orders" : "points"}`;
  const parts = [reach];
  if (tier.multiplier.trim() && tier.multiplier.trim() !== "1") parts.push(`earns ×${tier.multiplier.trim()}`);
  if (tier.freeShipping === "true") parts.push("free shipping");
  if (tier.percentOff.trim()) parts.push(`${tier.percentOff.trim()}% off`);
  return parts.join(" · ");
}

export function TierCard(props: TierCardProps) {
  const { index, count, tier, metric, currencyCode, errors, open, members } = props;
  const name = tier.name.trim() || `Tier ${index + 1}`;
  const field = (f: TierFieldName) => ({
    value: tier[f],
    error: errors[tierFieldName(index, f)],
    autoComplete: "off",
    onChange: (value: string) => props.onChange(f, value),
  });
  const flag = (f: TierFieldName) => ({
    checked: tier[f] === "true",
    error: errors[tierFieldName(index, f)],
    onChange: (checked: boolean) => props.onChange(f, String(checked)),
  });
  const hasErrors = Object.keys(errors).some((key) => key.startsWith(`tiers.${index}.`));
  const exponent = currencyExponent(currencyCode);
  const bodyId = `tier-${index}-fields`;

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="start" gap="200">
          <BlockStack gap="100">
            <InlineStack gap="200" blockAlign="center">
              <Text as="h3" variant="headingSm">
                {index + 1}. {name}
              </Text>
              {tier.hidden === "true" && <Badge>Hidden</Badge>}
              {!tier.id && <Badge tone="info">New</Badge>}
              {hasErrors && <Badge tone="critical">Needs a fix</Badge>}
            </InlineStack>
            <Text as="p" tone="subdued">
              {summary(tier, metric, currencyCode)}
              {members !== null && ` · ${members} ${members === 1 ? "member" : "members"} now`}
            </Text>
          </BlockStack>
          <ButtonGroup>
            <Button onClick={props.onToggle} ariaExpanded={open} ariaControls={bodyId}>
              {open ? "Close" : "Edit"}
            </Button>
            <Button onClick={() => props.onMove(-1)} disabled={index === 0} accessibilityLabel={`Move ${name} up`}>
              ↑
            </Button>
            <Button
              onClick={() => props.onMove(1)}
              disabled={index === count - 1}
              accessibilityLabel={`Move ${name} down`}
            >
              ↓
            </Button>
            <Button tone="critical" variant="plain" onClick={props.onRemove} accessibilityLabel={`Remove ${name}`}>
              Remove
            </Button>
          </ButtonGroup>
        </InlineStack>
        {open && (
          <div id={bodyId}>
            <BlockStack gap="400">
              <Divider />
              <FormLayout>
                <FormLayout.Group>
                  <TextField {...field("name")} label="Name" maxLength={60} />
                  <TextField
                    {...field("threshold")}
                    label={thresholdLabel(metric)}
                    inputMode={metric === "spend" && exponent > 0 ? "decimal" : "numeric"}
                    prefix={metric === "spend" ? currencySymbol(currencyCode) : undefined}
                    suffix={metric === "spend" ? currencyCode : metric === "orders" ? "orders" : "points"}
                    helpText={
                      tier.hidden === "true"
                        ? "Not used while the tier is hidden."
                        : "0 makes it the tier every member starts in."
                    }
                  />
                </FormLayout.Group>
                <Checkbox
                  {...flag("hidden")}
                  label="Hidden: only staff assign it"
                  helpText="Members never reach a hidden tier by qualifying; assign it from a member’s page."
                />
              </FormLayout>
              <Divider />
              <Text as="h4" variant="headingSm">
                Earning
              </Text>
              <FormLayout>
                <FormLayout.Group>
                  <TextField
                    {...field("multiplier")}
                    label="Earn multiplier"
                    inputMode="decimal"
                    prefix="×"
                    helpText="On purchases: 1.5 earns half as much again."
                  />
                  <TextField
                    {...field("entryRewardPoints")}
                    label="Entry reward"
                    inputMode="numeric"
                    suffix="points"
                    helpText="Once per member, when they first reach the tier."
                  />
                  <TextField
                    {...field("birthdayBonusPoints")}
                    label="Birthday bonus"
                    inputMode="numeric"
                    suffix="points"
                    helpText="Added to the birthday rule’s points."
                  />
                </FormLayout.Group>
                <Checkbox {...flag("multiplyEngagement")} label="The multiplier applies to engagement rules too" />
              </FormLayout>
              <Divider />
              <Text as="h4" variant="headingSm">
                Perks
              </Text>
              <FormLayout>
                <Checkbox
                  {...flag("freeShipping")}
                  label="Free shipping on every order"
                  helpText="Applied by Shopify at checkout, with no code to type."
                />
                <TextField
                  {...field("percentOff")}
                  label="Percentage off every order"
                  inputMode="numeric"
                  suffix="%"
                  helpText="Applied by Shopify at checkout. Leave empty for none."
                />
                <TextField
                  {...field("textPerks")}
                  label="Other perks"
                  multiline={3}
                  helpText="One per line, shown to members, e.g. “Early access to sales”. Your team delivers these."
                />
              </FormLayout>
              <Divider />
              <Text as="h4" variant="headingSm">
                Paid membership
              </Text>
              <FormLayout>
                <FormLayout.Group>
                  <TextField
                    {...field("paidProductId")}
                    label="Sold with product ID"
                    inputMode="numeric"
                    monospaced
                    helpText="The number at the end of the product’s admin address."
                  />
                  <TextField {...field("paidProductTag")} label="Or any product tagged" maxLength={255} />
                  <TextField
                    {...field("paidMonths")}
                    label="Membership lasts"
                    inputMode="numeric"
                    suffix="months"
                    helpText="Empty: for life. Refunding or cancelling the order ends it."
                  />
                </FormLayout.Group>
              </FormLayout>
              <Box>
                <Button onClick={props.onToggle}>Done</Button>
              </Box>
            </BlockStack>
          </div>
        )}
      </BlockStack>
    </Card>
  );
}
