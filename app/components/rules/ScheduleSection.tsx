import { BlockStack, Card, FormLayout, Text, TextField } from "@shopify/polaris";
import { bind, type SectionProps } from "./section";

export function ScheduleSection(props: SectionProps & { timeZone: string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Dates
        </Text>
        <FormLayout>
          <FormLayout.Group>
            <TextField {...bind(props, "startsOn")} type="date" label="First day" helpText="Empty: from now on." />
            <TextField
              {...bind(props, "endsOn")}
              type="date"
              label="Last day"
              helpText="Empty: no end. The rule runs until the end of this day."
            />
          </FormLayout.Group>
        </FormLayout>
        <Text as="p" tone="subdued">
          Days are your shop’s, in {props.timeZone}. You can change the time zone in Settings.
        </Text>
      </BlockStack>
    </Card>
  );
}
