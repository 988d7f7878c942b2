/** The points of a fixed-award rule and the one or two settings its kind adds. */
import { BlockStack, Card, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import { PERIOD_CHOICES } from "../../domain/rules/form";
import type { RuleKind } from "../../domain/rules/rule";
import { bind, type SectionProps } from "./section";

const AWARD_ON_CHOICES = [
  { label: "On their birthday", value: "day" },
  { label: "Any day of their birthday month", value: "month" },
];

const SUBJECT_CHOICES = [
  { label: "A product or the rewards programme", value: "any" },
  { label: "A product", value: "product" },
  { label: "The rewards programme", value: "programme" },
];

export function PointsSection(props: SectionProps & { kind: RuleKind }) {
  const { kind } = props;
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Points
        </Text>
        <FormLayout>
          <FormLayout.Group>
            <TextField {...bind(props, "points")} label="Points" inputMode="numeric" suffix="points" />
            {(kind === "visit" || kind === "store_search" || kind === "page_visit") && (
              <Select
                {...bind(props, "period")}
                label="How often"
                options={PERIOD_CHOICES}
                helpText={kind === "page_visit" ? "For each page, in your shop’s days." : "In your shop’s days."}
              />
            )}
            {kind === "birthday" && (
              <Select {...bind(props, "awardOn")} label="When" options={AWARD_ON_CHOICES} helpText="Once a year." />
            )}
            {kind === "share" && (
              <Select
                {...bind(props, "subject")}
                label="What shoppers share"
                options={SUBJECT_CHOICES}
                helpText="Each thing earns once per network."
              />
            )}
          </FormLayout.Group>
          {kind === "follow" && (
            <TextField
              {...bind(props, "network")}
              label="Network"
              maxLength={40}
              helpText="As your storefront names it, for example Instagram or TikTok."
            />
          )}
          {kind === "custom" && (
            <TextField
              {...bind(props, "key")}
              label="Action key"
              maxLength={64}
              monospaced
              helpText="What your app or systems send to the events API, for example app_launched. Letters, digits, _ . and -."
            />
          )}
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
