/**
 * Staff give a member a tier by hand, with a reason kept in the tier history. Hidden tiers
 * can only be given here. A tier given by hand can be taken back: the member then has the tier
 * their qualification (or a paid membership) gives them.
 */
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

export const MAX_TIER_REASON_LENGTH = 200;

export interface AssignTierFields {
  tierId: string;
  reason: string;
}
export type AssignTierErrors = Partial<Record<keyof AssignTierFields | "form", string>>;

export function AssignTierCard({
  tiers,
  manual,
  initial,
  errors,
}: {
  tiers: readonly { id: string; name: string; hidden: boolean }[];
  /** The member holds a tier given by hand: offer to take it back. */
  manual: boolean;
  initial: AssignTierFields;
  errors: AssignTierErrors;
}) {
  const navigation = useNavigation();
  const submit = useSubmit();
  const [fields, setFields] = useState<AssignTierFields>(initial);
  const post = (intent: "assignTier" | "removeManualTier") =>
    submit({ intent, tierId: fields.tierId, tierReason: fields.reason }, { method: "post" });
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const options = [
    { label: "Choose a tier", value: "", disabled: true },
    ...tiers.map((t) => ({ label: t.hidden ? `${t.name} (hidden: by hand only)` : t.name, value: t.id })),
  ];
  return (
    <Card>
      <Form
        method="post"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          post("assignTier");
        }}
      >
        <BlockStack gap="300">
          <Text as="h2" variant="headingMd">
            Assign a tier
          </Text>
          <Text as="p" tone="subdued">
            The member keeps the tier you give until you take it back, whatever they earn or spend.
          </Text>
          {errors.form && (
            <Banner tone="critical">
              <p>{errors.form}</p>
            </Banner>
          )}
          <FormLayout>
            <FormLayout.Group>
              <Select
                label="Tier to assign"
                options={options}
                value={fields.tierId}
                error={errors.tierId}
                onChange={(tierId) => setFields((current) => ({ ...current, tierId }))}
              />
              <TextField
                label="Reason for the tier"
                autoComplete="off"
                value={fields.reason}
                error={errors.reason}
                maxLength={MAX_TIER_REASON_LENGTH}
                showCharacterCount
                helpText="Kept in the member’s tier history, e.g. “Press partner”."
                onChange={(reason) => setFields((current) => ({ ...current, reason }))}
              />
            </FormLayout.Group>
          </FormLayout>
          <InlineStack align="end" gap="200">
            {manual && (
              <Button tone="critical" onClick={() => post("removeManualTier")} loading={busy === "removeManualTier"}>
                Remove manual tier
              </Button>
            )}
            <Button variant="primary" onClick={() => post("assignTier")} loading={busy === "assignTier"}>
              Assign tier
            </Button>
          </InlineStack>
        </BlockStack>
      </Form>
    </Card>
  );
}
