import { BlockStack, Card, FormLayout, InlineError, Text, TextField } from "@shopify/polaris";
import type { ProfileField } from "../../domain/rules/rule";
import { PROFILE_FIELDS } from "../../domain/rules/rule";
import { bind, type SectionProps } from "./section";

const LABELS: Record<ProfileField, string> = {
  name: "Name",
  birthday: "Birthday",
  phone: "Phone number",
  address: "Address",
  marketing_consent: "Email marketing consent",
};

export function ProfileSection(props: SectionProps) {
  return (
    <Card>
      <BlockStack gap="300">
        <BlockStack gap="100">
          <Text as="h2" variant="headingMd">
            Points per profile detail
          </Text>
          <Text as="p" tone="subdued">
            Each detail earns once per shopper. Leave a detail empty or at 0 to give nothing for it.
          </Text>
        </BlockStack>
        <FormLayout>
          <FormLayout.Group condensed>
            {PROFILE_FIELDS.slice(0, 3).map((field) => (
              <TextField
                key={field}
                {...bind(props, `fieldPoints.${field}`)}
                label={LABELS[field]}
                inputMode="numeric"
                suffix="points"
              />
            ))}
          </FormLayout.Group>
          <FormLayout.Group condensed>
            {PROFILE_FIELDS.slice(3).map((field) => (
              <TextField
                key={field}
                {...bind(props, `fieldPoints.${field}`)}
                label={LABELS[field]}
                inputMode="numeric"
                suffix="points"
              />
            ))}
          </FormLayout.Group>
        </FormLayout>
        {props.errors.fieldPoints && <InlineError message={props.errors.fieldPoints} fieldID="fieldPoints.name" />}
      </BlockStack>
    </Card>
  );
}
