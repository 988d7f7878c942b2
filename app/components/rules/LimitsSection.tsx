import { BlockStack, Card, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import { bind, type SectionProps } from "./section";

const COOLDOWN_UNIT_CHOICES = [
  { label: "minutes", value: "minutes" },
  { label: "hours", value: "hours" },
  { label: "days", value: "days" },
];

/** Caps per shopper: what keeps an easy action from being farmed. */
export function LimitsSection(props: SectionProps) {
  const count = (name: string, label: string) => (
    <TextField {...bind(props, name)} label={label} inputMode="numeric" placeholder="No limit" />
  );
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Limits per shopper
          </Text>
          <Text as="p" tone="subdued">
            How many times each shopper can earn from this rule. Leave a field empty for no limit.
          </Text>
        </BlockStack>
        <FormLayout>
          <FormLayout.Group condensed>
            {count("perDay", "Per day")}
            {count("perWeek", "Per week")}
            {count("perMonth", "Per month")}
            {count("perLifetime", "In total")}
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField
              {...bind(props, "cooldown")}
              label="Time between two awards"
              inputMode="numeric"
              placeholder="None"
              helpText="A shopper who just earned waits this long before earning again."
            />
            <Select {...bind(props, "cooldownUnit")} label="Unit" options={COOLDOWN_UNIT_CHOICES} />
          </FormLayout.Group>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
