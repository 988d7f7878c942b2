import { BlockStack, Card, Checkbox, FormLayout, Text, TextField } from "@shopify/polaris";
import { RULE_KINDS } from "../../domain/rules/kinds";
import type { RuleKind } from "../../domain/rules/rule";
import { bind, bindFlag, type SectionProps } from "./section";

export function GeneralSection(props: SectionProps & { kind: RuleKind }) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            {RULE_KINDS[props.kind].title}
          </Text>
          <Text as="p" tone="subdued">
            {RULE_KINDS[props.kind].description}
          </Text>
        </BlockStack>
        <FormLayout>
          <TextField
            {...bind(props, "name")}
            label="Name"
            maxLength={120}
            helpText="Shoppers see it in the ways to earn and in their points history."
          />
          <Checkbox
            {...bindFlag(props, "active")}
            label="Active"
            helpText="A paused rule gives no points until you resume it."
          />
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
