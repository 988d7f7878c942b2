import { BlockStack, Card, FormLayout, Text, TextField } from "@shopify/polaris";
import { bind, type SectionProps } from "./section";

export function ReferralSection(props: SectionProps) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Points
        </Text>
        <Text as="p" tone="subdued">
          Given when a referred friend’s first order is paid. Referring oneself earns nothing.
        </Text>
        <FormLayout>
          <FormLayout.Group>
            <TextField
              {...bind(props, "referrerPoints")}
              label="Points for the referrer"
              inputMode="numeric"
              suffix="points"
            />
            <TextField
              {...bind(props, "friendPoints")}
              label="Points for the friend"
              inputMode="numeric"
              suffix="points"
              helpText="0 gives the friend nothing."
            />
          </FormLayout.Group>
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
