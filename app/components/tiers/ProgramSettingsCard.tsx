/** How members qualify: the metric, the period it is counted over, and the grace period. */
import { BlockStack, Card, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import type { ProgramFieldErrors } from "../../domain/tiers/form";

const METRIC_CHOICES = [
  { label: "Points earned", value: "points" },
  { label: "Amount spent", value: "spend" },
  { label: "Number of orders", value: "orders" },
];

const PERIOD_CHOICES = [
  { label: "Lifetime (never move down with time)", value: "lifetime" },
  { label: "Calendar year", value: "calendar_year" },
  { label: "Rolling 12 months", value: "rolling_12_months" },
];

export interface ProgramSettingsFields {
  metric: string;
  period: string;
  graceDays: string;
}

export function ProgramSettingsCard({
  fields,
  errors,
  timeZone,
  onChange,
}: {
  fields: ProgramSettingsFields;
  errors: ProgramFieldErrors;
  timeZone: string;
  onChange: (name: keyof ProgramSettingsFields, value: string) => void;
}) {
  const bind = (name: keyof ProgramSettingsFields) => ({
    value: fields[name],
    error: errors[name],
    onChange: (value: string) => onChange(name, value),
  });
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          How members qualify
        </Text>
        <FormLayout>
          <FormLayout.Group>
            <Select {...bind("metric")} label="Members qualify by" options={METRIC_CHOICES} />
            <Select
              {...bind("period")}
              label="Counted over"
              options={PERIOD_CHOICES}
              helpText={`Years and dates in your shop’s time zone (${timeZone}).`}
            />
            <TextField
              {...bind("graceDays")}
              label="Grace period"
              autoComplete="off"
              inputMode="numeric"
              suffix="days"
              helpText="How long members keep a tier after its period ends before moving down."
            />
          </FormLayout.Group>
        </FormLayout>
        <Text as="p" tone="subdued">
          Members move up the moment they qualify. Refunds count against qualification at once; moving down with time
          happens only at the end of the period and its grace period.
        </Text>
      </BlockStack>
    </Card>
  );
}
