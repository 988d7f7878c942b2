import { BlockStack, Card, Checkbox, FormLayout, Text, TextField } from "@shopify/polaris";
import { bind, bindFlag, type SectionProps } from "./section";

/** Engagement rules only: the checks that hold back accounts created to farm points. */
export function AccountChecksSection(props: SectionProps) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Who can earn
        </Text>
        <FormLayout>
          <Checkbox
            {...bindFlag(props, "requiresVerifiedAccount")}
            label="Only shoppers who have verified their email address"
          />
          <TextField
            {...bind(props, "minAccountAgeDays")}
            label="Minimum account age"
            inputMode="numeric"
            suffix="days"
            helpText="Accounts younger than this earn nothing from this rule. 0 lets new accounts earn at once."
          />
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
